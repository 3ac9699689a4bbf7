"""Matching, facets and ranking over posting lists, whichever store holds them.

A backend (Whoosh's index, a PostgreSQL database) says how to read a term's
posting list (records and weights), its statistics, field lengths, positions
and records; everything done with them is here, once. Which records match a
clause comes from the posting lists alone, cached per build, so the core can
take every relaxation step with set arithmetic. Ranking scores only the
records of a step, with BM25F (Whoosh's formula and statistics: idf, average
field length, B and K1 per field) over the cached postings, all of them at
once with numpy: the same scores a Whoosh query of the plan gives
(`search.whoosh.whoosh_query` builds that query; a test compares the two). The
bonus for a multi-word term's words standing together is computed for the
best-scoring records only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from math import log

import numpy as np

from indexer.fields import BM25, FACETS, FIELD_ANALYSIS, FINNISH_FIELDS, SCORED_FIELDS, WEIGHTS
from query.plan import Clause, Plan, Word
from query.plan import Term as PlanTerm
from search.docs import EMPTY, Docs, every, some

PHRASE_BOOST = 2.0
SURFACE_SHARE = 0.2  # the word as typed adds this much to its base forms' score
NUMBER_BOOST = 10.0
POSTINGS_CACHED = 8192  # posting lists (records and weights) kept per build
POSITIONS_CACHED = 128  # body position lists kept per build, for phrases
RECORDS_CACHED = 4096  # stored records kept unpickled
PHRASE_CANDIDATES = 200  # the best records by word scores that are checked for phrases


@dataclass(frozen=True)
class Scorer:
    """BM25 of one term in one field, as Whoosh's BM25F computes it."""

    idf: float
    avgfl: float
    B: float
    K1: float

    def score(self, weights: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        return self.idf * (weights * (self.K1 + 1)) / (
            weights + self.K1 * ((1 - self.B) + self.B * lengths / self.avgfl))


class PostingsBackend:
    """What a backend builds on: it reads, this matches, ranks and counts.

    A subclass gives `doc_count` and the readers `_read_postings(field, text)` (record
    numbers ascending, weights), `_doc_frequency`, `_field_length`, `_lengths(field)`,
    `_positions(form)`, `_record(number)`, `document(id)`, `_near(word, edits)`, `_prefixed(prefix)`,
    `_facet_terms(field)` and `every_record()`.
    """

    def __init__(self) -> None:
        self.record = lru_cache(maxsize=RECORDS_CACHED)(self._record)  # callers must not change it
        self.frequency = lru_cache(maxsize=POSTINGS_CACHED)(self._frequency)
        self.part_frequency = lru_cache(maxsize=POSTINGS_CACHED)(self._part_frequency)
        self.near = lru_cache(maxsize=POSTINGS_CACHED)(self._near)
        self.prefixed = lru_cache(maxsize=POSTINGS_CACHED)(self._prefixed)
        self.term_docs = lru_cache(maxsize=POSTINGS_CACHED)(self._term_docs)
        self.weighted = lru_cache(maxsize=POSTINGS_CACHED)(self._weighted)
        self.lengths = lru_cache(maxsize=None)(self._lengths)
        self.positions = lru_cache(maxsize=POSITIONS_CACHED)(self._positions)

    # The vocabulary, for corrections (query.correct.Vocabulary), cached per build.
    def _frequency(self, word: str) -> int:
        return self._doc_frequency("body", word)

    def _part_frequency(self, part: str) -> int:
        return self._doc_frequency("parts", part)

    def _weighted(self, field: str, form: str) -> tuple[Docs, np.ndarray, Scorer | None]:
        """The records with a term, its weight in each, and its scorer (None: an unscored field)."""
        ids, weights = self._read_postings(field, form)
        if not len(ids) or field not in SCORED_FIELDS:
            return ids, weights, None
        idf = log(self.doc_count / (len(ids) + 1)) + 1  # len(ids): the records with it (none is deleted)
        avgfl = self._field_length(field) / (self.doc_count or 1) or 1
        return ids, weights, Scorer(idf, avgfl, BM25["B_per_field"].get(field, BM25["B"]), BM25["K1"])

    # Matching: sorted arrays of document numbers (search.docs).
    def postings(self, field: str, text: str) -> Docs:
        return self.weighted(field, text)[0]

    def word_docs(self, word: Word) -> Docs:
        return some([self.postings(field, form) for field in FINNISH_FIELDS
                     for form in getattr(word, FIELD_ANALYSIS[field])])

    def _term_docs(self, term: PlanTerm) -> Docs:
        return every([self.word_docs(w) for w in term.words])

    def clause_docs(self, clause: Clause) -> Docs:
        """Records matching any alternative of the clause (every word of a term, in any field)."""
        number = [self.postings("number", clause.number)] if clause.number else []
        return some(number + [self.term_docs(t) for t in clause.terms])

    def names_docs(self, plan: Plan) -> tuple[Docs, Docs]:
        """Records whose sv or en names have all the text's stems, and those with any."""
        sets = [[self.postings(f"names_{analysis}", s) for s in stems] for analysis, stems in plan.names]
        return some([every(each) for each in sets]), some([d for each in sets for d in each])

    def filter_docs(self, filters: dict[str, str]) -> Docs | None:
        """Records having every facet value asked for; None when nothing is asked."""
        if not filters:
            return None
        values = self.facet_values
        return every([_numbers(values[name][value], self.doc_count) if value in values[name] else EMPTY
                      for name, value in filters.items()])

    # Facets: per facet value, a bit per record, read once per build from the facet fields.
    @cached_property
    def facet_values(self) -> dict[str, dict[str, np.ndarray]]:
        return {name: {value: np.packbits(self._mask(self._read_postings(field, value)[0]))
                       for value in self._facet_terms(field)}
                for name, field in FACETS.items()}

    @cached_property
    def _facet_table(self) -> tuple[list[tuple[str, str]], np.ndarray]:
        """Every (facet, value) with a value, and their bitsets as the rows of one matrix."""
        keys = [(name, v) for name, values in self.facet_values.items() for v in values if v]
        rows = [self.facet_values[name][v] for name, v in keys]
        return keys, np.array(rows) if rows else np.zeros((0, (self.doc_count + 7) // 8), dtype=np.uint8)

    def facets(self, docs: Docs) -> dict[str, dict[str, int]]:
        """Records per facet value, the most first."""
        keys, table = self._facet_table
        counts = np.bitwise_count(table & np.packbits(self._mask(docs))).sum(axis=1)
        out: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        found = sorted(zip(keys, counts.tolist(), strict=True), key=lambda kn: (-kn[1], kn[0][1]))
        for (name, value), n in found:
            if n:
                out[name][value] = n
        return out

    # Ranking: BM25F over the records of a step.
    def rank(self, plan: Plan, docs: Docs, limit: int, strict: bool) -> list[tuple[int, float]]:
        """The best `limit` of `docs` by BM25F; `strict` scores them as matching every clause."""
        if not len(docs) or limit < 1:
            return []
        scores = np.zeros(self.doc_count)
        allowed = self._mask(docs)
        if strict:
            matching = every([self.clause_docs(c) for c in plan.clauses])
            self._score_clauses(plan, scores, allowed & self._mask(matching))
        else:
            self._score_clauses(plan, scores, allowed)
        self._score_names(plan, scores, allowed, strict)
        self._add_phrases(plan, scores, _best(docs, scores)[:max(PHRASE_CANDIDATES, limit)])
        return [(int(d), float(scores[d])) for d in _best(docs, scores)[:limit]]

    def _score_clauses(self, plan: Plan, scores: np.ndarray, allowed: np.ndarray) -> None:
        for clause in plan.clauses:
            for term in clause.terms:
                within = allowed & self._mask(self.term_docs(term))
                for word in term.words:
                    for field, form, boost in _word_terms(word, term.weight):
                        self._add(scores, within, field, form, boost)
            if clause.number:
                self._add(scores, allowed, "number", clause.number, NUMBER_BOOST)

    def _score_names(self, plan: Plan, scores: np.ndarray, allowed: np.ndarray, strict: bool) -> None:
        for analysis, stems in plan.names:
            field = f"names_{analysis}"
            within = allowed & self._mask(every([self.postings(field, s) for s in stems])) if strict \
                else allowed
            for stem in stems:
                self._add(scores, within, field, stem, WEIGHTS[field])

    def _add(self, scores: np.ndarray, allowed: np.ndarray, field: str, form: str, boost: float) -> None:
        """Add the term's BM25F score, times `boost`, to every allowed record that has it."""
        ids, weights, scorer = self.weighted(field, form)
        if not len(ids):
            return
        keep = allowed[ids]
        ids, weights = ids[keep], weights[keep]
        scored = weights if scorer is None else scorer.score(weights, self.lengths(field)[ids])
        scores[ids] += boost * scored

    def _add_phrases(self, plan: Plan, scores: np.ndarray, best: np.ndarray) -> None:
        """A multi-word term whose words stand together in the body adds its words' body
        scores again, times PHRASE_BOOST and the term's weight."""
        for term in (t for c in plan.clauses for t in c.terms if len(t.words) > 1):
            candidates = np.intersect1d(best, self.term_docs(term))
            together = [d for d in map(int, candidates) if self._adjacent(term, d)]
            if not together:
                continue
            mask = self._mask(np.array(together, dtype=np.int32))
            bonus = np.zeros(self.doc_count)
            for word in term.words:
                for form in word.forms:
                    self._add(bonus, mask, "body", form, PHRASE_BOOST * term.weight)
            scores += bonus

    def _adjacent(self, term: PlanTerm, docnum: int) -> bool:
        starts = None
        for offset, word in enumerate(term.words):
            here = {p - offset for form in word.forms for p in self.positions(form).get(docnum, ())}
            starts = here if starts is None else starts & here
            if not starts:
                return False
        return True

    def _mask(self, docs: Docs) -> np.ndarray:
        mask = np.zeros(self.doc_count, dtype=bool)
        mask[docs] = True
        return mask

    # Records.
    def probe(self) -> None:
        """Read a record and a posting list past every cache: raises if the build cannot be read."""
        if self.doc_count:
            self._record(0)
        for value in self._facet_terms("type")[:1]:
            self._read_postings("type", value)

    def records_with(self, field: str, value: str) -> list[dict]:
        return [self.record(int(d)) for d in self.postings(field, value)]


def _word_terms(word: Word, weight: float):
    """(field, form, boost) of every form of a word, in every Finnish field: the word as typed
    counts SURFACE_SHARE beside its base forms."""
    for field in FINNISH_FIELDS:
        forms = getattr(word, FIELD_ANALYSIS[field])
        for i, form in enumerate(forms):
            yield field, form, WEIGHTS[field] * weight * (SURFACE_SHARE if i == 0 and len(forms) > 1 else 1)


def _best(docs: Docs, scores: np.ndarray) -> Docs:
    """`docs` by score, the best first; the lower record number first on a tie (as Whoosh)."""
    return docs[np.lexsort((docs, -scores[docs]))]


def _numbers(bits: np.ndarray, count: int) -> Docs:
    """The record numbers whose bit is set."""
    return np.flatnonzero(np.unpackbits(bits, count=count)).astype(np.int32)
