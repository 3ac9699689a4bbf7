"""The Whoosh backend: a query plan run on one build's Whoosh index.

Which records match a clause comes from the posting lists alone, cached per
build, so the core can take every relaxation step with set arithmetic.
Ranking scores only the records of a step, with Whoosh's BM25F statistics
(idf, average field length, B and K1 per field) over the cached postings, all
of them at once with numpy: the same scores a Whoosh query of the plan gives
(`whoosh_query` builds that query; a test compares the two), without building
a matcher tree for every request. The bonus for a multi-word term's words
standing together is computed for the best-scoring records only.
"""

from __future__ import annotations

import threading
from functools import cached_property, lru_cache

import numpy as np
from whoosh import scoring
from whoosh.query import And, AndMaybe, Query, Sequence, Term
from whoosh.query.compound import DefaultOr as Or

from indexer.fields import FACETS, FIELD_ANALYSIS, FINNISH_FIELDS, WEIGHTS
from query.plan import Clause, Plan, Word
from query.plan import Term as PlanTerm

SCORING = scoring.BM25F(B=0.5, K1=1.2, title_B=0.3, names_B=0.3)
PHRASE_BOOST = 2.0
SURFACE_SHARE = 0.2  # the word as typed adds this much to its base forms' score
NUMBER_BOOST = 10.0
POSTINGS_CACHED = 20_000  # posting sets kept per build
PHRASE_CANDIDATES = 200  # the best records by word scores that are checked for phrases


class WhooshBackend:
    """Matching, ranking, facets and records of one opened Whoosh index."""

    def __init__(self, ix) -> None:
        self.ix = ix
        self._local = threading.local()
        self.postings = lru_cache(maxsize=POSTINGS_CACHED)(self._postings)
        self.term_docs = lru_cache(maxsize=POSTINGS_CACHED)(self._term_docs)
        self.weighted = lru_cache(maxsize=POSTINGS_CACHED)(self._weighted)
        self.lengths = lru_cache(maxsize=None)(self._lengths)
        self.positions = lru_cache(maxsize=POSTINGS_CACHED)(self._positions)
        self._facet_values: dict[str, dict[str, frozenset[int]]] | None = None

    @property
    def searcher(self):
        """A searcher per thread, opened once and kept (opening one per request costs)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.ix.searcher(weighting=SCORING)
        return searcher

    # The vocabulary, for corrections (query.correct.Vocabulary).
    def frequency(self, word: str) -> int:
        return self.searcher.doc_frequency("body", word)

    def part_frequency(self, part: str) -> int:
        return self.searcher.doc_frequency("parts", part)

    def near(self, word: str, edits: int):
        return self.searcher.reader().terms_within("body", word, edits, prefix=1)

    # Matching: sets of document numbers.
    def _postings(self, field: str, text: str) -> frozenset[int]:
        reader = self.searcher.reader()
        if (field, text) not in reader:
            return frozenset()
        return frozenset(reader.postings(field, text).all_ids())

    def word_docs(self, word: Word) -> frozenset[int]:
        docs: set[int] = set()
        for field in FINNISH_FIELDS:
            for form in getattr(word, FIELD_ANALYSIS[field]):
                docs |= self.postings(field, form)
        return frozenset(docs)

    def clause_docs(self, clause: Clause) -> frozenset[int]:
        """Records matching any alternative of the clause (every word of a term, in any field)."""
        docs: set[int] = set(self.postings("number", clause.number)) if clause.number else set()
        for term in clause.terms:
            docs |= self.term_docs(term)
        return frozenset(docs)

    def names_docs(self, plan: Plan) -> tuple[frozenset[int], frozenset[int]]:
        """Records whose sv or en names have all the text's stems, and those with any."""
        every, some = set(), set()
        for analysis, stems in plan.names:
            sets = [self.postings(f"names_{analysis}", s) for s in stems]
            every |= frozenset.intersection(*sets)
            some |= frozenset().union(*sets)
        return frozenset(every), frozenset(some)

    def filter_docs(self, filters: dict[str, str]) -> frozenset[int] | None:
        """Records having every facet value asked for; None when nothing is asked."""
        sets = [self.facet_values()[name].get(value, frozenset()) for name, value in filters.items()]
        return frozenset.intersection(*sets) if sets else None

    # Facets, from the facet fields' posting lists, read once per build.
    def facet_values(self) -> dict[str, dict[str, frozenset[int]]]:
        if self._facet_values is None:
            reader = self.searcher.reader()
            self._facet_values = {
                name: {value.decode() if isinstance(value, bytes) else value: self._postings(field, value)
                       for value in reader.lexicon(field)}
                for name, field in FACETS.items()}
        return self._facet_values

    def facets(self, docs: frozenset[int]) -> dict[str, dict[str, int]]:
        """Records per facet value, the most first."""
        out = {}
        for name, values in self.facet_values().items():
            counts = ((v, len(docs & d)) for v, d in values.items() if v)
            out[name] = dict(sorted(((v, n) for v, n in counts if n), key=lambda kv: (-kv[1], kv[0])))
        return out

    # Ranking: BM25F over the records of a step.
    def rank(self, plan: Plan, docs: frozenset[int], limit: int, strict: bool) -> list[tuple[int, float]]:
        """The best `limit` of `docs` by BM25F; `strict` scores them as matching every clause."""
        if not docs or limit < 1:
            return []
        ids = np.fromiter(docs, dtype=np.int64, count=len(docs))
        scores = np.zeros(self.doc_count)
        whole = np.zeros(self.doc_count, dtype=bool)
        whole[ids] = True
        if strict:
            every = frozenset.intersection(*(self.clause_docs(c) for c in plan.clauses)) if plan.clauses \
                else frozenset()
            self._score_clauses(plan, scores, whole & self._mask(every))
        else:
            self._score_clauses(plan, scores, whole)
        self._score_names(plan, scores, whole, strict)
        best = ids[np.lexsort((ids, -scores[ids]))]
        self._add_phrases(plan, scores, best[:max(PHRASE_CANDIDATES, limit)])
        best = ids[np.lexsort((ids, -scores[ids]))][:limit]
        return [(int(d), float(scores[d])) for d in best]

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
            within = allowed & self._mask(frozenset.intersection(*(self.postings(field, s) for s in stems))) \
                if strict else allowed
            for stem in stems:
                self._add(scores, within, field, stem, WEIGHTS[field])

    def _add(self, scores: np.ndarray, allowed: np.ndarray, field: str, form: str, boost: float) -> None:
        """Add the term's BM25F score, times `boost`, to every allowed record that has it."""
        ids, weights, scorer = self.weighted(field, form)
        if not len(ids):
            return
        keep = allowed[ids]
        ids, weights = ids[keep], weights[keep]
        if scorer is None:
            scores[ids] += boost * weights
            return
        lengths = self.lengths(field)[ids]
        scores[ids] += boost * scorer.idf * (weights * (scorer.K1 + 1)) / (
            weights + scorer.K1 * ((1 - scorer.B) + scorer.B * lengths / scorer.avgfl))

    def _add_phrases(self, plan: Plan, scores: np.ndarray, best: np.ndarray) -> None:
        """A multi-word term whose words stand together in the body adds its words' body
        scores again, times PHRASE_BOOST and the term's weight."""
        for term in (t for c in plan.clauses for t in c.terms if len(t.words) > 1):
            together = [d for d in map(int, best) if d in self.term_docs(term) and self._adjacent(term, d)]
            if not together:
                continue
            mask = self._mask(frozenset(together))
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

    def _positions(self, form: str) -> dict[int, list[int]]:
        """Where a form stands in the body of each record that has it."""
        reader = self.searcher.reader()
        if ("body", form) not in reader:
            return {}
        matcher, found = reader.postings("body", form), {}
        while matcher.is_active():
            found[matcher.id()] = matcher.value_as("positions")
            matcher.next()
        return found

    def _term_docs(self, term: PlanTerm) -> frozenset[int]:
        words = sorted((self.word_docs(w) for w in term.words), key=len)
        return frozenset.intersection(*words) if words else frozenset()

    def _weighted(self, field: str, form: str):
        """The records with a term, its weight in each, and its BM25F scorer (None: unscored field)."""
        reader = self.searcher.reader()
        if (field, form) not in reader:
            return np.zeros(0, dtype=np.int64), np.zeros(0), None
        ids, weights = [], []
        matcher = reader.postings(field, form)
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        scorable = self.ix.schema[field].scorable
        scorer = SCORING.scorer(self.searcher, field, form) if scorable else None
        return np.array(ids, dtype=np.int64), np.array(weights), scorer

    def _lengths(self, field: str) -> np.ndarray:
        reader = self.searcher.reader()
        return np.array([reader.doc_field_length(d, field, 1) for d in range(self.doc_count)], dtype=float)

    def _mask(self, docs: frozenset[int]) -> np.ndarray:
        mask = np.zeros(self.doc_count, dtype=bool)
        if docs:
            mask[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
        return mask

    @cached_property
    def doc_count(self) -> int:
        return self.searcher.doc_count_all()

    # Records.
    def record(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)["payload"]

    def document(self, record_id: str) -> dict | None:
        fields = self.searcher.document(id=record_id)
        return fields["payload"] if fields else None

    def records_with(self, field: str, value: str) -> list[dict]:
        return [self.record(d) for d in sorted(self.postings(field, value))]

    def every_record(self):
        reader = self.searcher.reader()
        return (self.record(d) for d in reader.all_doc_ids())


def whoosh_query(plan: Plan, conjunction: type) -> Query | None:
    """The Whoosh query whose scores `rank` gives (And: strict; Or: relaxed)."""
    clauses = [q for q in map(_clause, plan.clauses) if q is not None]
    branches = [conjunction(clauses)] if clauses else []
    for analysis, stems in plan.names:
        field = f"names_{analysis}"
        branches.append(conjunction([Term(field, s, boost=WEIGHTS[field]) for s in stems]))
    return Or(branches) if branches else None


def _clause(clause: Clause) -> Query | None:
    alternatives = [_term(t) for t in clause.terms]
    if clause.number:
        alternatives.append(Term("number", clause.number, boost=NUMBER_BOOST))
    return Or(alternatives) if alternatives else None


def _term(term: PlanTerm) -> Query:
    """Every word of the term, in any of its forms, in any Finnish field; more where they stand together."""
    words = [Or([Term(field, form, boost=boost) for field, form, boost in _word_terms(word, term.weight)])
             for word in term.words]
    if len(words) < 2:
        return words[0]
    together = Sequence([Or([Term("body", f) for f in word.forms]) for word in term.words],
                        boost=PHRASE_BOOST * term.weight)
    return AndMaybe(And(words), together)


def _word_terms(word: Word, weight: float):
    """(field, form, boost) of every form of a word, in every Finnish field: the word as typed
    counts SURFACE_SHARE beside its base forms."""
    for field in FINNISH_FIELDS:
        forms = getattr(word, FIELD_ANALYSIS[field])
        for i, form in enumerate(forms):
            yield field, form, WEIGHTS[field] * weight * (SURFACE_SHARE if i == 0 and len(forms) > 1 else 1)
