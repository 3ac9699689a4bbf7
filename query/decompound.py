"""Query-side decompounding: a Finnish word the index does not have, searched by its parts.

A counsellor types "sosiaalityöntekijä" or "työnhaku" where the documents say
"sosiaalityö" and "työnhakija"; the word itself has no records. Such a word
(unknown to the index as it is, in its base forms and as a compound part) gets
more alternatives, each weighing less than the word itself, so a record with
the whole word still ranks first:

- per split of Voikko's analysis, both halves ("sosiaali työntekijä",
  "sosiaalityön tekijä"), in any form or as compound parts;
- the leading parts alone where the index has them as a word ("sosiaalityö");
- the index's words that begin with its base form (compounds of it that Voikko
  could not take apart: "kielikahvila" -> "kielikahvilatoiminnan"), and those that
  share its stem (the word less its last letters, which carry the inflection and
  derivation: "tulkkaus" -> "tulkkaukspalveluiden").

>>> from query.understand import Clause
>>> class Empty:
...     frequency = part_frequency = lambda self, w: 0
...     prefixed = lambda self, p: ()
>>> [a for a, _w in _split(Clause("työnhaku", (("työnhaku", 1.0),)), Empty()).alternatives]
['työnhaku', 'työn haku']
"""

from __future__ import annotations

from dataclasses import replace

from analyzers.diacritics import restore
from analyzers.voikko import MorphologyUnavailable, finnish
from query.understand import Clause, Understanding, known_finnish

SPLIT_WEIGHT = 0.6  # a split's weight against the word as typed
HEAD_WEIGHT = 0.4  # the leading parts alone
STEM_WEIGHT = 0.5  # a word of the index sharing the stem
STEM_MIN, STEM_CUT = 5, 3  # the stem: the word less its last 3 letters, at least 5 letters
STEMS_KEPT = 8  # the most common words sharing the stem


def decompound(u: Understanding, vocabulary) -> Understanding:
    """`u` with more alternatives for each untranslated Finnish word the index lacks."""
    clauses = tuple(c if c.translated else _split(c, vocabulary) for c in u.clauses)
    return replace(u, clauses=clauses) if clauses != u.clauses else u


def _split(clause: Clause, vocabulary) -> Clause:
    word = clause.text
    if " " in word or not word.isalpha() or in_index(word.lower(), vocabulary) or not known_finnish(word):
        return clause
    try:
        voikko = finnish()
        spelt = word if voikko.spell(word) else restore(word, voikko.spell) or word
        splits = voikko.splits(spelt)
    except MorphologyUnavailable:
        return clause
    more = [(f"{left} {right}", SPLIT_WEIGHT) for left, right in splits]
    more += [(head, HEAD_WEIGHT) for left, _right in splits for head in voikko.lemmas(left)
             if len(splits) > 1 and vocabulary.frequency(head)]
    # A word of the index that begins with the base form is a compound of it Voikko could not take
    # apart ("kielikahvila" -> "kielikahvilatoiminnan"); one that shares the stem, a relative.
    for prefix, weight in [*((lemma, SPLIT_WEIGHT) for lemma in voikko.lemmas(spelt)),
                           (spelt.lower()[:-STEM_CUT], STEM_WEIGHT)]:
        if len(prefix) >= STEM_MIN:
            words = sorted(vocabulary.prefixed(prefix), key=vocabulary.frequency, reverse=True)[:STEMS_KEPT]
            more += [(w, weight) for w in words]
    more = list(dict.fromkeys(m for m in more if m[0] != word.lower()))
    return replace(clause, alternatives=clause.alternatives + tuple(more), split=bool(more))


def in_index(word: str, vocabulary) -> bool:
    """Some record has the word: as written, in a base form, or as a compound part."""
    if vocabulary.frequency(word):
        return True
    try:
        voikko = finnish()
        lemmas = voikko.lemmas(word) or voikko.lemmas(restore(word, voikko.spell) or word)
    except MorphologyUnavailable:
        return False
    return any(vocabulary.frequency(lemma) or vocabulary.part_frequency(lemma) for lemma in lemmas)
