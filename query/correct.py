"""Corrections for misspelt query words, in every language: "did you mean".

A word the lexicon does not translate is corrected, first to a word of the
query's language (or the interface's) that the lexicon knows: with its lost
letters put back (Swedish "dagvard" -> "dagvård") or within an edit or two
("libary" -> "library"), and then translated. Otherwise, a word that Voikko
does not know (not even with its ä/ö restored) and the index does not contain
is corrected to a Finnish word: its candidates are Voikko's suggestions and the
index's own words within two edits; the closest one that occurs in the index
(as it is, in a base form, or as a compound's parts) wins, the more common one
on a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Protocol

from rapidfuzz.distance import DamerauLevenshtein

from analyzers.diacritics import candidates
from analyzers.voikko import MorphologyUnavailable, finnish
from query.lexicon import Lexicon
from query.understand import Clause, Understanding, known_finnish, translated

MIN_LENGTH = 4
MAX_EDITS = 2
# Letters a keyboard without them loses, per language: the letter typed -> those it may stand for.
RESTORABLE = {"sv": {"a": "åä", "o": "ö"}, "et": {"a": "ä", "o": "õö", "u": "ü"}}


class Vocabulary(Protocol):
    """What a backend knows of its index's words."""

    def frequency(self, word: str) -> int:
        """How many records have the word as a Finnish form (as written or a base form)."""

    def part_frequency(self, part: str) -> int:
        """How many records have the word as a compound part."""

    def near(self, word: str, edits: int) -> Iterable[str]:
        """The index's words within `edits` edits of `word` (same first letter)."""

    def prefixed(self, prefix: str) -> Iterable[str]:
        """The index's words that begin with `prefix`."""


def correct(u: Understanding, vocabulary: Vocabulary, lexicon: Lexicon | None = None,
            prior: str = "fi") -> Understanding | None:
    """`u` with its misspelt words corrected; None when nothing needs correcting."""
    text, clauses, changed = u.text, [], False
    for clause in u.clauses:
        fixed = None if clause.translated else _corrected(clause.text, u.language, prior, vocabulary, lexicon)
        if fixed:
            text = re.sub(rf"(?<!\w){re.escape(clause.text)}(?!\w)", fixed.text.replace("\\", r"\\"), text,
                          count=1)
            clause, changed = fixed, True
        clauses.append(clause)
    return replace(u, text=text, clauses=tuple(clauses)) if changed else None


def _corrected(word: str, language: str, prior: str, vocabulary: Vocabulary,
               lexicon: Lexicon | None) -> Clause | None:
    if lexicon is not None and " " not in word:
        for lang in dict.fromkeys(x for x in (language, prior) if x != "fi"):
            if fixed := _in_lexicon(word, lang, lexicon, edits=True):
                return fixed
    if fix := correction(word, vocabulary):
        return Clause(fix, ((fix, 1.0),))
    if lexicon is not None and " " not in word:
        for lang in RESTORABLE:  # typed without å/ä/ö/õ/ü on a Finnish or English keyboard
            if lang not in (language, prior) and (fixed := _in_lexicon(word, lang, lexicon, edits=False)):
                return fixed
    return None


@lru_cache(maxsize=65_536)  # per (word, language, lexicon): the same words recur across queries
def _in_lexicon(word: str, lang: str, lexicon: Lexicon, edits: bool) -> Clause | None:
    """The word as the lexicon of `lang` knows it, translated; None when it knows no such word."""
    lower = word.lower()
    if len(lower) < MIN_LENGTH or not lower.isalpha() or lexicon.match([lower], lang):
        return None
    known = lexicon.words.get(lang, set())
    fix = next((c for c in candidates(lower, RESTORABLE.get(lang, {})) if c in known), None)
    if fix is None and edits:
        fix = lexicon.nearest(lower, lang, 1 if len(lower) <= 5 else MAX_EDITS)
    spans = lexicon.match([fix], lang) if fix else []
    if not spans:
        return None
    return translated(fix, spans[0].translations)


def correction(word: str, vocabulary: Vocabulary) -> str | None:
    """The best correction of one word, or None when it is known or nothing is close."""
    lower = word.lower()
    if len(word) < MIN_LENGTH or not word.isalpha() or vocabulary.frequency(lower):
        return None
    if known_finnish(word):
        return None
    try:
        suggested = [s.lower() for s in finnish().suggest(word)]
    except MorphologyUnavailable:
        suggested = []
    nearby = list(vocabulary.near(lower, MAX_EDITS))
    scored = []
    for candidate in dict.fromkeys(suggested + nearby):
        frequency = _frequency(vocabulary, candidate)
        distance = DamerauLevenshtein.distance(lower, candidate)
        if frequency and distance <= MAX_EDITS:
            scored.append((distance, -frequency, candidate))
    return min(scored)[2] if scored else None


def _frequency(vocabulary: Vocabulary, candidate: str) -> int:
    """How many records have the word, as it is, in a base form, or as the parts of a compound
    (the least of these over the words of a suggestion of two)."""
    return min(_word_frequency(vocabulary, word) for word in candidate.split())


def _word_frequency(vocabulary: Vocabulary, word: str) -> int:
    found = vocabulary.frequency(word)
    if found:
        return found
    try:
        voikko = finnish()
        lemmas = voikko.lemmas(word)
        found = max((vocabulary.frequency(lemma) for lemma in lemmas), default=0)
        parts = [p for lemma in lemmas for p in voikko.compound_parts(lemma)]
    except MorphologyUnavailable:
        return 0
    if found or not parts:
        return found
    return min(vocabulary.part_frequency(p) for p in parts)
