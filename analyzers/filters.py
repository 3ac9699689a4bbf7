"""Whoosh filters for Finnish: lemmas, compound parts and dotless folding.

Each filter keeps the incoming token's position, so a word's variants stand
at the same place and phrase queries still work. Whoosh reuses one Token
object: filters set `t.text` and yield, and never hold on to tokens.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, Token

from analyzers.diacritics import fold, restore
from analyzers.voikko import Voikko, finnish


class LemmaFilter(Filter):
    """Replaces each word by its surface form (optional) and every Voikko base form.

    Abbreviations inflected with a colon ("THL:n") keep their stem; hyphenated
    words Voikko does not know ("S2-opetuksen") get the base form of their
    last part ("s2-opetus"). At query time a word Voikko does not know is
    tried with ä/ö put back ("tyollisyyspalvelut" → "työllisyyspalvelu").

    >>> from analyzers.tokenizers import FinnishTokenizer
    >>> [t.text for t in (FinnishTokenizer() | LemmaFilter())("S2-opetuksen THL:n")]
    ['s2-opetuksen', 's2-opetus', 'thl:n', 'thl']
    """

    def __init__(self, keep_surface: bool = True) -> None:
        self.keep_surface = keep_surface

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            surface, query = t.text.lower(), t.mode == "query"
            if query:
                surface = _with_dots(finnish(), surface)
            forms = lemmas(finnish(), surface, query=query)
            if self.keep_surface or not forms:
                forms = (surface, *forms)
            for form in dict.fromkeys(forms):
                t.text = form
                yield t


class CompoundFilter(Filter):
    """At index time adds the parts of compound lemmas; at query time passes tokens on.

    Indexing parts lets a query for "palvelupolku" or "palvelu" find
    "kotoutumispalvelupolkuun"; querying with whole lemmas keeps "palvelupolku"
    from matching every "palvelu".

    >>> from analyzers.tokenizers import FinnishTokenizer
    >>> ana = FinnishTokenizer() | LemmaFilter(keep_surface=False) | CompoundFilter()
    >>> [t.text for t in ana("kielikurssille")]
    ['kielikurssi', 'kieli', 'kurssi']
    """

    def __init__(self, keep_compound: bool = True) -> None:
        self.keep_compound = keep_compound

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if t.mode == "query":
                yield t
                continue
            word = t.text
            parts = compound_parts(finnish(), word)
            forms = (word, *parts) if self.keep_compound else parts
            for form in forms:
                t.text = form
                yield t


class FoldFilter(Filter):
    """Folds ä→a, ö→o, å→a and drops a form already given for the same word.

    >>> from analyzers.tokenizers import FinnishTokenizer
    >>> [t.text for t in (FinnishTokenizer() | FoldFilter())("Työväenopisto")]
    ['Tyovaenopisto']
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        word, seen = None, set()
        for t in tokens:
            folded = fold(t.text)
            where = getattr(t, "pos", None)
            if where != word:
                word, seen = where, set()
            if folded not in seen:
                seen.add(folded)
                t.text = folded
                yield t


def lemmas(voikko: Voikko, word: str, query: bool = False) -> tuple[str, ...]:
    """Base forms of a lowercased token, with the fallbacks `LemmaFilter` describes."""
    found = voikko.lemmas(word)
    if found:
        return found
    stem, colon, _ = word.partition(":")
    if colon and stem:
        return (stem,)
    head, hyphen, last = word.rpartition("-")
    if hyphen and head and last:
        return tuple(f"{head}-{lemma}" for lemma in lemmas(voikko, last, query))
    if query and any(ch in "ao" for ch in word):
        restored = restore(word, voikko.spell)
        return voikko.lemmas(restored) if restored else ()
    return ()


def _with_dots(voikko: Voikko, word: str) -> str:
    """A plain word Voikko does not know, with its ä/ö put back if that makes it known."""
    if not word.isalpha() or voikko.lemmas(word) or not any(ch in "ao" for ch in word):
        return word
    return (restore(word, voikko.spell) or word).lower()


def compound_parts(voikko: Voikko, lemma: str) -> tuple[str, ...]:
    """Parts of a compound lemma, including both sides of a hyphen ("s2-opetus")."""
    parts = voikko.compound_parts(lemma)
    if parts or "-" not in lemma or lemma not in lemmas(voikko, lemma):
        return parts
    pieces = [p for p in lemma.split("-") if p]
    nested = [q for p in pieces for q in (p, *voikko.compound_parts(p))]
    return tuple(dict.fromkeys(p for p in nested if p != lemma))
