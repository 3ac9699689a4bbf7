"""Corrections for misspelt Finnish query words: "did you mean".

A word is misspelt when Voikko does not know it (not even with its ä/ö
restored) and the index does not contain it. Its candidates are Voikko's
suggestions and the index's own words within two edits; the closest one that
occurs in the index (as it is, in a base form, or as a compound's parts)
wins, the more common one on a tie.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from whoosh.support.levenshtein import damerau_levenshtein

from analyzers.voikko import MorphologyUnavailable, finnish
from query.understand import Clause, Understanding, known_finnish

MIN_LENGTH = 4
MAX_EDITS = 2


class Vocabulary(Protocol):
    """What a backend knows of its index's words."""

    def frequency(self, word: str) -> int:
        """How many records have the word as a Finnish form (as written or a base form)."""

    def part_frequency(self, part: str) -> int:
        """How many records have the word as a compound part."""

    def near(self, word: str, edits: int) -> Iterable[str]:
        """The index's words within `edits` edits of `word` (same first letter)."""


def correct(u: Understanding, vocabulary: Vocabulary) -> Understanding | None:
    """`u` with its misspelt Finnish words corrected; None when nothing needs correcting."""
    if u.language != "fi":
        return None
    text, clauses, changed = u.text, [], False
    for clause in u.clauses:
        fix = None if clause.translated else correction(clause.text, vocabulary)
        if fix:
            text = text.replace(clause.text, fix, 1)
            clause, changed = Clause(fix, ((fix, 1.0),)), True
        clauses.append(clause)
    return replace(u, text=text, clauses=tuple(clauses)) if changed else None


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
        distance = damerau_levenshtein(lower, candidate)
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
