"""The search core: a query string in, ranked records out (BM25F over the fields).

Each word of the query is looked up, in all its analysed forms, in every
Finnish field with that field's weight, and in the Swedish and English name
fields with those languages' stemming. A record must match every word; when
none does, the words are combined with OR instead.
"""

from __future__ import annotations

import time

from whoosh import scoring
from whoosh.query import And, Or, Query, Term

from indexer.fields import FINNISH_FIELDS, WEIGHTS

SCORING = scoring.BM25F(B=0.75, K1=1.2, title_B=0.3, names_B=0.3)
MAX_QUERY_CHARS = 500


def forms_by_position(schema, field: str, text: str) -> dict[int, list[str]]:
    """The forms of each word of `text` as `field` analyses it at query time, by position."""
    forms: dict[int, list[str]] = {}
    for t in schema[field].analyzer(text, mode="query", positions=True):
        if t.text not in forms.setdefault(t.pos, []):
            forms[t.pos].append(t.text)
    return forms


def build_query(schema, text: str, conjunction: type = And) -> tuple[Query | None, list[str]]:
    """The Whoosh query for `text`, and the Finnish terms it searches."""
    forms_of: dict[int, dict[int, list[str]]] = {}  # fields that share an analyzer analyse once
    fields = {}
    for field in FINNISH_FIELDS:
        analyzer = id(schema[field].analyzer)
        if analyzer not in forms_of:
            forms_of[analyzer] = forms_by_position(schema, field, text)
        fields[field] = forms_of[analyzer]
    per_word = [
        Or([Term(f, form, boost=WEIGHTS[f]) for f in FINNISH_FIELDS for form in fields[f].get(pos, [])])
        for pos in sorted(fields["body"])
    ]
    branches = [conjunction(per_word)] if per_word else []
    for field in ("names_sv", "names_en"):
        stems = [forms[0] for forms in forms_by_position(schema, field, text).values()]
        if stems:
            branches.append(conjunction([Term(field, s, boost=WEIGHTS[field]) for s in stems]))
    words = fields["body"].values()
    terms = list(dict.fromkeys(f for forms in words for f in (forms[1:] or forms)))
    return (Or(branches) if branches else None), terms


def search(ix, text: str, limit: int = 10) -> dict:
    """Search the index; the result follows the API's JSON shape."""
    started = time.perf_counter()
    text = (text or "")[:MAX_QUERY_CHARS]
    results, terms, total, facets = [], [], 0, {}
    with ix.searcher(weighting=SCORING) as searcher:
        for conjunction in (And, Or):
            query, terms = build_query(ix.schema, text, conjunction)
            if query is None:
                break
            hits = searcher.search(query, limit=max(limit, 1), groupedby="type")
            if hits.scored_length():
                total = len(hits)
                facets = {kind: len(docs) for kind, docs in hits.groups("type").items()}
                results = [{**hit["payload"], "score": round(hit.score, 3)} for hit in hits[:limit]]
                break
    return {
        "query": {"text": text, "terms": terms},
        "total": total,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
        "results": results,
        "facets": {"type": facets},
    }
