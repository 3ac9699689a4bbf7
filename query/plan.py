"""The query plan: what to look for, in the index's own terms, for any backend.

An understood query (`query.understand`) becomes a plan: per clause (a word or
a lexicon phrase) its alternatives, each a Finnish term with a weight, each
term's words in every form the index's analyses give them; the Swedish and
English stems of the whole text for the names the city gives in those
languages; the same plan with misspelt words corrected; and the relaxation
steps the search may take. A backend turns it into its own queries.

>>> from query.understand import Clause as Understood
>>> clause = Understood("kirjastot", (("kirjastot", 1.0),))
>>> plan = make_plan(Understanding("kirjastot", "fi", "given", (clause,)))
>>> [[w.forms for w in t.words] for t in plan.clauses[0].terms]
[[('kirjastot', 'kirjasto')]]
>>> plan.terms, plan.steps
(['kirjasto'], ('all', 'any'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from analyzers.analyzers import ANALYSES
from query.understand import Clause as UnderstoodClause
from query.understand import Understanding

# The relaxation steps, strictest first: every clause; every clause of the corrected
# query; all clauses but one (three or more clauses); any clause.
STEPS = ("all", "corrected", "all_but_one", "any")
NUMBER = re.compile(r"\d+(?:\.\d+)+")
NAME_ANALYSES = ("sv", "en")  # the city's names in these languages meet the text itself
STRONG_WEIGHT = 0.8  # a translation this good is the city's (curated or mined), not a dictionary's
TERMS_CACHED = 65_536  # analysed terms: translations recur across queries


@dataclass(frozen=True)
class Word:
    """One word of a term: its forms for the Finnish fields (as typed first, then base forms),
    for the compound-part field and for the folded (dotless) field."""

    forms: tuple[str, ...]
    parts: tuple[str, ...]
    folded: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """A Finnish word or multi-word term; its words score more standing together."""

    words: tuple[Word, ...]
    weight: float
    as_typed: bool = False  # a translated word also searched as typed (not one of the terms shown)


@dataclass(frozen=True)
class Clause:
    """A word or phrase of the query: a record matches it by matching any of its terms."""

    text: str
    terms: tuple[Term, ...]
    number: str | None = None  # a measure number ("4.10"), matched exactly
    strong: bool = True  # the word itself, or a curated or mined translation (not a split or a stray sense)


@dataclass(frozen=True)
class Plan:
    text: str
    language: str
    language_source: str  # "given" or "detected"
    clauses: tuple[Clause, ...]
    names: tuple[tuple[str, tuple[str, ...]], ...]  # (analysis, stems of the text) for sv/en names
    corrected: Plan | None = None  # the same query with misspelt Finnish words corrected

    @property
    def steps(self) -> tuple[str, ...]:
        """The relaxation steps this plan allows."""
        return tuple(s for s in STEPS if (s != "corrected" or self.corrected)
                     and (s != "all_but_one" or len(self.clauses) >= 3))

    @property
    def terms(self) -> list[str]:
        """The Finnish base forms searched, for the response."""
        found: list[str] = []
        shown = [w for clause in self.clauses for term in clause.terms if not term.as_typed
                 for w in term.words]
        for word in shown:
            found += [f for f in word.forms[1:] or word.forms if f not in found]
        return found

    @property
    def words(self) -> list[Word]:
        return [w for clause in self.clauses for term in clause.terms for w in term.words]

    @property
    def forms(self) -> set[str]:
        """Every Finnish form searched, for the snippets."""
        return {f for word in self.words for f in word.forms}


def make_plan(u: Understanding, corrected: Understanding | None = None) -> Plan:
    """The plan for an understood query, and for its corrected form when a word was misspelt."""
    clauses = tuple(c for c in map(_clause, u.clauses) if c.terms or c.number)
    names = tuple((a, stems) for a in NAME_ANALYSES if (stems := _stems(a, u.text)))
    return Plan(u.text, u.language, u.language_source, clauses, names,
                make_plan(corrected) if corrected else None)


def _clause(clause: UnderstoodClause) -> Clause:
    terms = tuple(replace(t, as_typed=True) if clause.translated and text == clause.text else t
                  for text, weight in clause.alternatives if (t := _term(text, weight)))
    best = max((weight for _text, weight in clause.alternatives), default=0)
    strong = not clause.split and (not clause.translated or best >= STRONG_WEIGHT)
    return Clause(clause.text, terms, clause.text if NUMBER.fullmatch(clause.text) else None, strong)


@lru_cache(maxsize=TERMS_CACHED)
def _term(text: str, weight: float) -> Term | None:
    forms, parts, folded = (forms_by_position(a, text) for a in ("finnish", "parts", "folded"))
    words = tuple(Word(forms[p], parts.get(p, ()), folded.get(p, ())) for p in sorted(forms))
    return Term(words, weight) if words else None


def _stems(analysis: str, text: str) -> tuple[str, ...]:
    return tuple(forms[0] for forms in forms_by_position(analysis, text).values())


def forms_by_position(analysis: str, text: str) -> dict[int, tuple[str, ...]]:
    """The forms of each word of `text` as an analysis gives them at query time, by position."""
    forms: dict[int, list[str]] = {}
    for t in _analyzer(analysis)(text, mode="query", positions=True):
        if t.text not in forms.setdefault(t.pos, []):
            forms[t.pos].append(t.text)
    return {pos: tuple(f) for pos, f in forms.items()}


@cache
def _analyzer(analysis: str):
    return ANALYSES[analysis]()
