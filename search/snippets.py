"""Snippets: the part of a record's text where the searched words are, marked.

The text is analysed as it was for the index, so a base form that was
searched marks each inflected form of it.

>>> snippet("Kirjastot ja työväenopisto. Lisäksi muuta.", {"kirjasto"})
'<mark>Kirjastot</mark> ja työväenopisto. Lisäksi muuta.'
>>> snippet("a < b", set())
'a &lt; b'
"""

from __future__ import annotations

from functools import cache, lru_cache
from html import escape

from analyzers.analyzers import FinnishAnalyzer

WIDTH = 240  # characters of text in a snippet
LEAD = 40  # characters shown before the first match in the window
TEXTS_CACHED = 1024  # records whose analysed words are kept for the next snippet


@cache
def _analyzer():
    return FinnishAnalyzer()


def snippet(text: str, forms: set[str], width: int = WIDTH) -> str:
    """HTML: the best window of `text`, escaped, with words whose forms were searched in <mark>."""
    spans = sorted({(start, end) for start, end, form in _forms(text) if form in forms})
    start = _window(text, [s for s, _ in spans], width)
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start + width // 2:end] else end
    out, at = [], start
    for s, e in spans:
        if s >= at and e <= end:
            out += [escape(text[at:s], quote=False), "<mark>", escape(text[s:e], quote=False), "</mark>"]
            at = e
    out.append(escape(text[at:end], quote=False))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


@lru_cache(maxsize=TEXTS_CACHED)
def _forms(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every form of every word of `text`, with where the word stands, as the index analysed it."""
    tokens = _analyzer()(text, chars=True, mode="index")
    return tuple((t.startchar, t.endchar, t.text.lower()) for t in tokens)


def _window(text: str, starts: list[int], width: int) -> int:
    """Where the window with the most matches begins, at a word's start."""
    if not starts:
        return 0
    best = max(starts, key=lambda s: sum(s <= o < s + width - LEAD for o in starts))
    begin = max(0, best - LEAD)
    if begin:
        space = text.find(" ", begin, best)
        begin = space + 1 if space >= 0 else best
    return begin
