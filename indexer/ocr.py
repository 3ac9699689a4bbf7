"""Repair OCR damage in Finnish text and measure how much it helped.

Handles what the scan of the 2022-2025 document shows: words hyphenated
across line breaks ("vies-\\ntinta") and ä/ö lost or misread (ä -> a, d, é;
ö -> o, d, 6, 0, é). Every decision is checked with a spell function
(``libvoikko.Voikko("fi").spell``) that the caller passes in.
"""

import re
from collections.abc import Callable, Iterator, Set
from functools import cache, lru_cache
from typing import Any

from analyzers import diacritics

Spell = Callable[[str], bool]
Lemmas = Callable[[str], Set[str]]

#: What each character may have been before the OCR misread it.
OCR_CONFUSIONS: dict[str, str] = {"a": "ä", "o": "ö", "d": "äö", "6": "ö", "0": "ö", "é": "äö"}

_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_OR_ADDRESS = re.compile(r"\S*[^\W_]\.[^\W_]\S*|[^\W_]+")  # e-mail, web address
# "left-\nright", blank lines allowed; "suomen- \ntai" (space) is a printed hyphen
_HYPHEN_BREAK = re.compile(r"([^\W_]+)-\r?\n\s*([^\W_]+)")


def _has_letter(word: str) -> bool:
    return any(c.isalpha() for c in word)


def word_tokens(text: str) -> list[str]:
    """Split text into word tokens (runs of letters and digits).

    >>> word_tokens("Kehitetään S2-opetusta (kyllä/ei).")
    ['Kehitetään', 'S2', 'opetusta', 'kyllä', 'ei']
    """
    return _TOKEN.findall(text)


def cached(spell: Spell) -> Spell:
    """Wrap spell() in a cache: the same words repeat a lot."""
    return lru_cache(maxsize=None)(spell)


def umlaut_candidates(word: str, max_positions: int = 8) -> Iterator[str]:
    """Yield lowercase ä/ö restorations of word, fewest changes first.

    Nothing is yielded past max_positions ambiguous characters (bounded search).

    >>> list(umlaut_candidates("kylld"))
    ['kyllä', 'kyllö']
    """
    return diacritics.candidates(word, OCR_CONFUSIONS, max_positions)


def restore_umlauts(word: str, spell: Spell, max_positions: int = 8) -> str:
    """Return the first ä/ö restoration spell() accepts, in word's case;
    word itself if spell() accepts it, it has no letter, or nothing fits.

    >>> restore_umlauts("Lapileikkaavat", {"Läpileikkaavat"}.__contains__)
    'Läpileikkaavat'
    """
    if spell(word) or not _has_letter(word):
        return word
    return diacritics.restore(word, spell, OCR_CONFUSIONS, max_positions) or word


def _accepts(word: str, spell: Spell) -> bool:
    """True when word is a word, or becomes one once ä/ö are restored."""
    return spell(word) or restore_umlauts(word, spell) != word


def _join(left: str, right: str, spell: Spell) -> str | None:
    """Decide how "left-\\nright" should read; None keeps it as printed.

    Joined if that is a word (after ä/ö restoration; never two numbers);
    else joined with the hyphen if that is a word ("hyvinvointi-indikaattorit");
    else kept if the right part is a word ("sosiaali-\\nja", "S2-\\nopetus");
    else the parts are fragments ("vies-\\ntinta") and are joined.
    """
    if _has_letter(left) and _has_letter(right) and _accepts(left + right, spell):
        return left + right
    if _accepts(f"{left}-{right}", spell):
        return f"{left}-{right}"
    return None if spell(right) else left + right


def join_hyphenated(text: str, spell: Spell) -> str:
    """Join words hyphenated across line breaks, keeping real hyphens.

    >>> words = {"viestintä", "hyvinvointi-indikaattorit", "ja"}.__contains__
    >>> join_hyphenated("vies-\\ntinta; hyvinvointi-\\nindikaattorit; sosiaali-\\nja", words)
    'viestinta; hyvinvointi-indikaattorit; sosiaali-\\nja'
    """
    def replace(match: re.Match[str]) -> str:
        joined = _join(match[1], match[2], spell)
        return match[0] if joined is None else joined

    while (joined := _HYPHEN_BREAK.sub(replace, text)) != text:
        text = joined
    return text


def repair_ocr(text: str, spell: Spell) -> str:
    """Join hyphenated line breaks, then restore ä/ö in rejected words;
    addresses ("etu.suku(a)hel.fi", "Finnishcourses.fi") are left alone.

    >>> repair_ocr("kylld/ei, mitd", {"kyllä", "ei", "mitä"}.__contains__)
    'kyllä/ei, mitä'
    """
    spell = cached(spell)
    text = join_hyphenated(text, spell)

    def restore(match: re.Match[str]) -> str:
        return match[0] if "." in match[0] else restore_umlauts(match[0], spell)

    return _TOKEN_OR_ADDRESS.sub(restore, text)


def recognised_share(text: str, spell: Spell) -> float:
    """Share of word tokens with a letter that spell() accepts: "2022" is
    not counted, "yhteis6jen" is (digits in words are OCR damage too).

    >>> recognised_share("kyllä kylld 2022", {"kyllä"}.__contains__)
    0.5
    """
    spell = cached(spell)
    words = [w for w in word_tokens(text) if _has_letter(w)]
    return sum(map(spell, words)) / len(words) if words else 0.0


def voikko_lemmas(voikko: Any) -> Lemmas:
    """Return lemmas(word): Voikko's base forms, or the word lowercased."""

    @cache
    def lemmas(word: str) -> frozenset[str]:
        found = {a["BASEFORM"].lower() for a in voikko.analyze(word) if "BASEFORM" in a}
        return frozenset(found or {word.lower()})

    return lemmas


def _lemma_set(text: str, lemmas: Lemmas) -> set[str]:
    return set().union(*(lemmas(w) for w in set(word_tokens(text)) if _has_letter(w)))


def lemma_overlap(a: str, b: str, lemmas: Lemmas) -> float:
    """Jaccard similarity of the lemma sets of a and b, in [0, 1].

    Jaccard rather than recall of b: unrecognised OCR fragments ("vies",
    "tinta") enlarge the union and so count against a, as they should.

    >>> lemma_overlap("kylld mitd", "kyllä mitä", lambda w: {w.lower()})
    0.0
    """
    set_a, set_b = _lemma_set(a, lemmas), _lemma_set(b, lemmas)
    union = set_a | set_b
    return len(set_a & set_b) / len(union) if union else 1.0


def ocr_report(ocr_text: str, clean_text: str, voikko: Any) -> dict[str, float]:
    """Recognised share and lemma overlap with clean_text (a clean copy of
    the same document) before and after repair_ocr, to four decimals."""
    spell, lemmas = cached(voikko.spell), voikko_lemmas(voikko)
    repaired = repair_ocr(ocr_text, spell)
    figures = {
        "recognised_before": recognised_share(ocr_text, spell),
        "recognised_after": recognised_share(repaired, spell),
        "recognised_clean": recognised_share(clean_text, spell),
        "lemma_overlap_before": lemma_overlap(ocr_text, clean_text, lemmas),
        "lemma_overlap_after": lemma_overlap(repaired, clean_text, lemmas),
    }
    return {name: round(value, 4) for name, value in figures.items()}
