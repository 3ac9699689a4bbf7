"""The search core: a query in any supported language in, ranked records out.

The query is understood first (`indexer.understand`): its language, and per
word or phrase the Finnish terms to look for. Each clause is looked up, in all
its analysed forms, in every Finnish field with that field's weight (BM25F);
Swedish and English words also meet the names the city gives in those
languages, with their own stemming. A multi-word Finnish term scores more
where its words stand together, and a measure number ("4.10") more in the
measure of that number.

A record must match every clause; when none does, a misspelt Finnish word
is corrected and the search tried again, then a record may miss one clause
of three or more, and only then are the clauses combined with OR. A search
with fewer than three results is topped up the same way, its own results
first.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path

from whoosh import scoring, sorting
from whoosh.query import And, AndMaybe, Or, Query, Sequence, Term

from indexer.correct import correct
from indexer.fields import FINNISH_FIELDS, WEIGHTS
from indexer.lexicon import Lexicon
from indexer.snippets import snippet
from indexer.understand import Clause, Understanding, understand

SCORING = scoring.BM25F(B=0.5, K1=1.2, title_B=0.3, names_B=0.3)
MAX_QUERY_CHARS = 500
PHRASE_BOOST = 2.0
SURFACE_SHARE = 0.2  # the word as typed adds this much to its base forms' score
NUMBER_BOOST = 10.0
# Facet name -> index field; a record may have several units.
FACETS = {"type": "type", "programme": "programme", "theme": "theme", "unit": "units"}
FEW = 3  # a search with fewer results is topped up with those of a looser one
NUMBER = re.compile(r"\d+(?:\.\d+)+")


def forms_by_position(schema, field: str, text: str) -> dict[int, list[str]]:
    """The forms of each word of `text` as `field` analyses it at query time, by position."""
    forms: dict[int, list[str]] = {}
    for t in schema[field].analyzer(text, mode="query", positions=True):
        if t.text not in forms.setdefault(t.pos, []):
            forms[t.pos].append(t.text)
    return forms


class QueryBuilder:
    """Whoosh queries for understood queries; analyses each text once per analyzer."""

    def __init__(self, schema) -> None:
        self.schema = schema
        self.terms: list[str] = []  # Finnish base forms searched, for the response
        self.forms: set[str] = set()  # every form searched, for the snippets

    def build(self, u: Understanding, conjunction: type = And) -> Query | None:
        clauses = [q for q in map(self.clause, u.clauses) if q is not None]
        branches = [conjunction(clauses)] if clauses else []
        for field in ("names_sv", "names_en"):
            stems = [forms[0] for forms in forms_by_position(self.schema, field, u.text).values()]
            if stems:
                branches.append(conjunction([Term(field, s, boost=WEIGHTS[field]) for s in stems]))
        return Or(branches) if branches else None

    def clause(self, clause: Clause) -> Query | None:
        alternatives = [q for text, weight in clause.alternatives if (q := self.term(text, weight))]
        if NUMBER.fullmatch(clause.text):
            alternatives.append(Term("number", clause.text, boost=NUMBER_BOOST))
        return Or(alternatives) if alternatives else None

    def term(self, text: str, weight: float) -> Query | None:
        """One Finnish word or multi-word term: every word, any form, any Finnish field."""
        fields = self._analysed(text)
        positions = sorted(fields["body"])
        words = [Or([Term(f, form, boost=WEIGHTS[f] * weight * (SURFACE_SHARE if i == 0 and
                                                                 len(fields[f][pos]) > 1 else 1))
                     for f in FINNISH_FIELDS for i, form in enumerate(fields[f].get(pos, []))])
                 for pos in positions]
        for pos in positions:
            forms = fields["body"][pos]
            self.terms += [f for f in forms[1:] or forms if f not in self.terms]
            self.forms.update(forms)
        if len(words) < 2:
            return words[0] if words else None
        together = Sequence([Or([Term("body", f) for f in fields["body"][p]]) for p in positions],
                            boost=PHRASE_BOOST * weight)
        return AndMaybe(And(words), together)

    def _analysed(self, text: str) -> dict[str, dict[int, list[str]]]:
        by_analyzer: dict[int, dict[int, list[str]]] = {}
        fields = {}
        for field in FINNISH_FIELDS:
            analyzer = id(self.schema[field].analyzer)
            if analyzer not in by_analyzer:
                by_analyzer[analyzer] = forms_by_position(self.schema, field, text)
            fields[field] = by_analyzer[analyzer]
        return fields


def AllButOne(clauses: list[Query]) -> Query:  # noqa: N802 - used like And and Or
    """Records matching all clauses but one, for queries of three or more."""
    return Or(clauses, minmatch=len(clauses) - 1) if len(clauses) >= 3 else Or([])


def search(ix, text: str, limit: int = 10, lang: str | None = None, prior: str = "fi",
           offset: int = 0, filters: dict[str, str] | None = None) -> dict:
    """Search the index; the result follows the API's JSON shape.

    `filters` keeps records whose FACETS field has the value (type, programme,
    theme, unit); `offset` skips that many results, for paging.
    """
    started = time.perf_counter()
    text = (text or "")[:MAX_QUERY_CHARS]
    u = understand(text, lexicon_of(ix), lang=lang, prior=prior)
    results, total, facets, corrected, suggestion = [], 0, {}, None, None
    reported, winner = None, None  # the builder whose terms the response reports
    with ix.searcher(weighting=SCORING) as searcher:
        fixed = correct(u, searcher.reader())
        for attempt, conjunction in [(u, And), (fixed, And), (u, AllButOne), (u, Or), (fixed, Or)]:
            if attempt is None or winner not in (None, attempt):
                continue
            builder = QueryBuilder(ix.schema)
            query = builder.build(attempt, conjunction)
            if query is None:
                continue
            reported = reported if reported and reported.terms else builder
            hits = searcher.search(query, limit=offset + max(limit, 1), groupedby=_facets(),
                                   filter=_filter(filters))
            if not hits.scored_length():
                continue
            if winner is None:
                winner, reported = attempt, builder
                corrected = fixed.text if attempt is fixed else None
            if len(hits) >= total:
                total = len(hits)
                facets = {name: _counts(hits.groups(name)) for name in FACETS}
            found = {r["id"] for r in results}
            results += [_result(hit, builder.forms) for hit in hits[:offset + limit]
                        if hit["id"] not in found]
            if len(results) >= min(offset + limit, FEW):
                break
        if fixed and corrected is None:
            suggestion = fixed.text
    return {
        "query": {"text": text, "language": u.language, "language_source": u.language_source,
                  "terms": reported.terms if reported else [], "corrected": corrected,
                  "suggestion": suggestion},
        "total": total,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
        "results": results[offset:offset + limit],
        "facets": facets or {name: {} for name in FACETS},
    }


def _facets() -> sorting.Facets:
    facets = sorting.Facets()
    for name, field in FACETS.items():
        facets.add_facet(name, sorting.FieldFacet(field, allow_overlap=field == "units"))
    return facets


def _filter(filters: dict[str, str] | None) -> Query | None:
    terms = [Term(FACETS[name], value) for name, value in (filters or {}).items() if value]
    return And(terms) if terms else None


def _counts(groups: dict) -> dict[str, int]:
    """Records per facet value, the most first."""
    return dict(sorted(((k, len(v)) for k, v in groups.items() if k), key=lambda kv: (-kv[1], kv[0])))


def _result(hit, forms: set[str]) -> dict:
    record = hit["payload"]
    return {**record, "snippet": snippet(record["text"], forms), "score": round(hit.score, 3)}


def lexicon_of(ix) -> Lexicon:
    """The lexicon built with the index (an empty one for an index kept in memory)."""
    folder = getattr(ix.storage, "folder", None)
    return _lexicon_at(str(folder)) if folder else Lexicon({})


@lru_cache(maxsize=4)
def _lexicon_at(folder: str) -> Lexicon:
    return Lexicon.load(Path(folder))
