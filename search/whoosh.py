"""The Whoosh backend: the posting lists, statistics and records of one build's Whoosh index.

What is done with them (matching, facets, ranking) is `search.postings`; this
module only reads. `whoosh_query` is the Whoosh query whose scores the ranking
reproduces (a test compares the two).
"""

from __future__ import annotations

import threading
import weakref
from array import array
from functools import cached_property

import numpy as np
from whoosh import scoring
from whoosh.query import And, AndMaybe, Query, Sequence, Term
from whoosh.query.compound import DefaultOr as Or

from indexer.fields import BM25, TEXT_FIELDS, WEIGHTS
from query.plan import Clause, Plan
from query.plan import Term as PlanTerm
from search.docs import EMPTY
from search.postings import NUMBER_BOOST, PHRASE_BOOST, PostingsBackend, _word_terms

SCORING = scoring.BM25F(B=BM25["B"], K1=BM25["K1"], **{f"{f}_B": b for f, b in BM25["B_per_field"].items()})


class WhooshBackend(PostingsBackend):
    """Reads one opened Whoosh index."""

    def __init__(self, ix) -> None:
        super().__init__()
        self.ix = ix
        self._local = threading.local()
        self._searchers: list = []  # every thread's, closed with the backend
        self.close = weakref.finalize(self, _close_all, self._searchers)

    @property
    def searcher(self):
        """A searcher per thread, opened once and kept (opening one per request costs)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.ix.searcher(weighting=SCORING)
            self._searchers.append(searcher)
        return searcher

    @cached_property
    def doc_count(self) -> int:
        return self.searcher.doc_count_all()

    def _read_postings(self, field: str, text: str):
        reader = self.searcher.reader()
        if (field, text) not in reader:
            return EMPTY, np.zeros(0)
        ids, weights = array("i"), array("d")  # compact while read: no Python int per posting kept
        matcher = reader.postings(field, text)
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.frombuffer(ids, dtype=np.int32), np.frombuffer(weights)

    def _doc_frequency(self, field: str, text: str) -> int:
        return self.searcher.doc_frequency(field, text)

    def _field_length(self, field: str) -> int:
        return self.searcher.field_length(field)

    def _lengths(self, field: str) -> np.ndarray:
        reader = self.searcher.reader()
        return np.array([reader.doc_field_length(d, field, 1) for d in range(self.doc_count)], dtype=float)

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

    def _near(self, word: str, edits: int) -> tuple[str, ...]:
        return tuple(self.searcher.reader().terms_within("body", word, edits, prefix=1))

    def _prefixed(self, prefix: str) -> tuple[str, ...]:
        reader = self.searcher.reader()
        return tuple(dict.fromkeys(t.decode() if isinstance(t, bytes) else t for field in TEXT_FIELDS
                                   for t in reader.expand_prefix(field, prefix)))

    def _facet_terms(self, field: str) -> list[str]:
        return [v.decode() if isinstance(v, bytes) else v for v in self.searcher.reader().lexicon(field)]

    def _record(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)["payload"]

    def document(self, record_id: str) -> dict | None:
        fields = self.searcher.document(id=record_id)
        return fields["payload"] if fields else None

    def every_record(self):
        reader = self.searcher.reader()
        return (self._record(d) for d in reader.all_doc_ids())


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


def _close_all(searchers: list) -> None:
    """Close the searchers (and so the index files) of a backend that is closed or gone."""
    while searchers:
        searchers.pop().close()
