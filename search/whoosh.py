"""The Whoosh backend: a query plan run on one build's Whoosh index.

Which records match a clause comes from the posting lists alone, cached per
build, so the core can take every relaxation step with set arithmetic; only
the records a page shows are scored, with BM25F over the Finnish fields and
the sv/en names.
"""

from __future__ import annotations

import threading
from functools import lru_cache

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


class WhooshBackend:
    """Matching, ranking, facets and records of one opened Whoosh index."""

    def __init__(self, ix) -> None:
        self.ix = ix
        self._local = threading.local()
        self.postings = lru_cache(maxsize=POSTINGS_CACHED)(self._postings)
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
            words = sorted((self.word_docs(w) for w in term.words), key=len)
            docs |= frozenset.intersection(*words) if words else frozenset()
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

    # Ranking and records.
    def rank(self, plan: Plan, docs: frozenset[int], limit: int, strict: bool) -> list[tuple[int, float]]:
        """The best `limit` of `docs` by BM25F; `strict` scores them as matching every clause."""
        query = _query(plan, And if strict else Or)
        if query is None or not docs or limit < 1:
            return []
        hits = self.searcher.search(query, limit=limit, filter=set(docs))
        return [(hit.docnum, hit.score) for hit in hits]

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


def _query(plan: Plan, conjunction: type) -> Query | None:
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
    words = [Or([Term(field, form, boost=WEIGHTS[field] * term.weight * (SURFACE_SHARE if i == 0 and
                                                                          len(forms) > 1 else 1))
                 for field in FINNISH_FIELDS
                 for forms in [getattr(word, FIELD_ANALYSIS[field])] for i, form in enumerate(forms)])
             for word in term.words]
    if len(words) < 2:
        return words[0]
    together = Sequence([Or([Term("body", f) for f in word.forms]) for word in term.words],
                        boost=PHRASE_BOOST * term.weight)
    return AndMaybe(And(words), together)
