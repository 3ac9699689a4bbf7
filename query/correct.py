"""Corrections for misspelt Finnish query words: "did you mean".

A word is misspelt when Voikko does not know it (not even with its ä/ö
restored) and the index does not contain it. Its candidates are Voikko's
suggestions and the index's own words within two edits; the closest one that
occurs in the index (as it is, in a base form, or as a compound's parts)
wins, the more common one on a tie.
"""

from __future__ import annotations

from dataclasses import replace

from analyzers.voikko import MorphologyUnavailable, finnish
from indexer.understand import Clause, Understanding, known_finnish

MIN_LENGTH = 4
MAX_EDITS = 2
FIELD = "body"


def correct(u: Understanding, reader) -> Understanding | None:
    """`u` with its misspelt Finnish words corrected; None when nothing needs correcting."""
    if u.language != "fi":
        return None
    text, clauses, changed = u.text, [], False
    for clause in u.clauses:
        fix = None if clause.translated else correction(clause.text, reader)
        if fix:
            text = text.replace(clause.text, fix, 1)
            clause, changed = Clause(fix, ((fix, 1.0),)), True
        clauses.append(clause)
    return replace(u, text=text, clauses=tuple(clauses)) if changed else None


def correction(word: str, reader) -> str | None:
    """The best correction of one word, or None when it is known or nothing is close."""
    lower = word.lower()
    if len(word) < MIN_LENGTH or not word.isalpha() or reader.doc_frequency(FIELD, lower):
        return None
    if known_finnish(word):
        return None
    try:
        suggested = [s.lower() for s in finnish().suggest(word)]
    except MorphologyUnavailable:
        suggested = []
    nearby = list(reader.terms_within(FIELD, lower, MAX_EDITS, prefix=1))
    scored = []
    for candidate in dict.fromkeys(suggested + nearby):
        frequency = _frequency(reader, candidate)
        distance = edit_distance(lower, candidate)
        if frequency and distance <= MAX_EDITS:
            scored.append((distance, -frequency, candidate))
    return min(scored)[2] if scored else None


def _frequency(reader, candidate: str) -> int:
    """How many records have the word, as it is, in a base form, or as the parts of a compound
    (the least of these over the words of a suggestion of two)."""
    return min(_word_frequency(reader, word) for word in candidate.split())


def _word_frequency(reader, word: str) -> int:
    found = reader.doc_frequency(FIELD, word)
    if found:
        return found
    try:
        voikko = finnish()
        lemmas = voikko.lemmas(word)
        found = max((reader.doc_frequency(FIELD, lemma) for lemma in lemmas), default=0)
        parts = [p for lemma in lemmas for p in voikko.compound_parts(lemma)]
    except MorphologyUnavailable:
        return 0
    if found or not parts:
        return found
    return min(reader.doc_frequency("parts", p) for p in parts)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, a transposition counting as one edit.

    >>> edit_distance("kirjsato", "kirjasto"), edit_distance("koulu", "koulu")
    (1, 0)
    """
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
