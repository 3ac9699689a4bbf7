"""The search core: a query in any supported language in, ranked records out.

The query is planned once (`query.plan_query`): its language, its clauses and
their Finnish alternatives, the corrected query. The backend says which
records match each clause; the relaxation steps are then set arithmetic:

| step | records |
|---|---|
| `all` | every clause (or every sv/en name stem) |
| `corrected` | every clause of the corrected query, when the typed one matched nothing |
| `all_but_one` | all clauses but one, for three or more (of the corrected query, if any) |
| `any` | any clause (of the corrected query, if any; then of the typed one) |

The first step that finds something answers (`query.match`); when it finds
fewer than three records, the looser steps top it up, its own records first.
Only the page shown is scored and given snippets; facets count every record
found, once. Records of the same type and title are collapsed into the best
one's result (`similar`). Plans and whole responses are cached per build.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from indexer.fields import FACETS
from query import plan_query
from query.lexicon import Lexicon
from query.plan import Plan
from search.docs import EMPTY, Docs, at_least, docs, every, some, without
from search.lookup import Suggestions
from search.semantic import CANDIDATES, Semantic, fuse
from search.snippets import snippet
from settings import MAX_QUERY_CHARS

FEW = 3  # a step finding fewer records is topped up by the looser ones
SEARCH_BUDGET_S = 1.0  # planning and matching longer than this: answer with the first step only
AGREE = 3  # a relaxed search is sure of a first result that both rankings have in their top 3
AGREE_STRICT = 10  # a strict one with a weak word, of a first result among the 10 nearest passages
PLANS_CACHED = 4096
RESPONSES_CACHED = 2048
SUGGESTIONS_CACHED = 4096
MEMOS_KEPT = 8192  # what the web layer derives from this build's records (referral texts)
# Records of the same type and title are one result ("and 4 more like it"): a page ranks this
# many times its results, at most this many more, to fill itself after collapsing.
COLLAPSE_SPAN, MAX_COLLAPSED = 3, 60
OPTIONAL_FIELDS = ("text",)  # result fields sent only when asked for (`fields=text`)
# After the step that answered, the looser steps of the same plan that may top it up.
LOOSER = {"all": ("all_but_one", "any"), "corrected": ("all_but_one", "any"), "all_but_one": ("any",),
          "any": ()}


@dataclass(frozen=True)
class Tier:
    step: str
    plan: Plan
    docs: Docs


class Engine:
    """One build, opened: its backend, its lexicon, its BUILD info and its caches."""

    def __init__(self, backend, lexicon: Lexicon, info: dict | None = None,
                 suggestions: Suggestions | None = None, vectors: np.ndarray | None = None) -> None:
        self.backend, self.lexicon, self.info = backend, lexicon, info or {}
        self.suggestions = suggestions or Suggestions([])
        self.semantic = Semantic.of(vectors)
        self.plan = lru_cache(maxsize=PLANS_CACHED)(self._plan)
        self.suggest = lru_cache(maxsize=SUGGESTIONS_CACHED)(self.suggestions.suggest)
        self._respond = lru_cache(maxsize=RESPONSES_CACHED)(self._search)
        self._memos: OrderedDict = OrderedDict()
        self._memo_lock = threading.Lock()  # a worker's threads share the engine

    def memo(self, key, compute):
        """`compute()`, kept for this build under `key` (the least recently used go first)."""
        with self._memo_lock:
            if key in self._memos:
                self._memos.move_to_end(key)
                return self._memos[key]
        value = compute()  # outside the lock: a computation may ask for other memos
        with self._memo_lock:
            self._memos[key] = value
            if len(self._memos) > MEMOS_KEPT:
                self._memos.popitem(last=False)
        return value

    def _plan(self, text: str, lang: str | None, prior: str) -> Plan:
        return plan_query(text, self.lexicon, self.backend, lang=lang, prior=prior)

    def search(self, text: str, limit: int = 10, lang: str | None = None, prior: str = "fi",
               offset: int = 0, filters: dict[str, str] | None = None, fields: tuple[str, ...] = ()) -> dict:
        """Search; the result follows the API's JSON shape.

        `filters` keeps records whose facet (type, programme, theme, unit) has the
        value; `offset` skips that many results, for paging; `fields=("text",)`
        adds each record's whole text.
        """
        started = time.perf_counter()
        text = (text or "")[:MAX_QUERY_CHARS]
        wanted = tuple(sorted(f for f in fields if f in OPTIONAL_FIELDS))
        response = self._respond(text, max(limit, 1), lang, prior, offset,
                                 tuple(sorted((filters or {}).items())), wanted)
        return {**response, "took_ms": round((time.perf_counter() - started) * 1000, 1)}

    def _search(self, text, limit, lang, prior, offset, filters, fields) -> dict:
        started = time.monotonic()
        plan = self.plan(text, lang, prior)
        allowed = self.backend.filter_docs(dict(filters))
        tiers = self.tiers(plan, allowed)
        # Past its time budget a search answers with what it has: the first step's records, ranked
        # lexically (query.partial). The clauses are capped, so this is the exception.
        partial = time.monotonic() - started > SEARCH_BUDGET_S
        tiers = tiers[:1] if partial else tiers
        relaxed = not tiers or tiers[0].step != "all"
        # The nearest passages re-rank a relaxed search, and tell whether a strict one that leant on a
        # split or a weak translation is right.
        asked = (relaxed or not _strong(tiers)) and not partial
        nearest = self.semantic.nearest(text, allowed) if asked and self.semantic and text.strip() else []
        fused = nearest if relaxed else []
        found = some([*(t.docs for t in tiers), docs(d for d, _cosine in fused)])
        winner = tiers[0].plan if tiers else plan
        corrected = winner.text if winner is not plan else None
        ranked = self._ranked(tiers, fused, offset + limit)
        return {
            "query": {"text": text, "language": plan.language, "language_source": plan.language_source,
                      "terms": winner.terms, "corrected": corrected,
                      "suggestion": plan.corrected.text if plan.corrected and not corrected else None,
                      "match": tiers[0].step if tiers else "none", "semantic": bool(fused),
                      "partial": partial},
            "confidence": confidence(tiers, ranked["lexical"], nearest, ranked["page"]),
            "total": len(found),
            "results": self._page(ranked["page"], tiers, offset, limit, fields),
            "facets": self.backend.facets(found) if len(found) else {name: {} for name in FACETS},
        }

    def tiers(self, plan: Plan, allowed: Docs | None) -> list[Tier]:
        """The first step that finds something, topped up by its plan's looser steps."""
        typed = _Matches(self.backend, plan, allowed)
        fixed = _Matches(self.backend, plan.corrected, allowed) if plan.corrected else None
        # The looser steps take the corrected words where there are any: a misspelt word finds nothing.
        looser = fixed or typed
        candidates = [("all", typed), ("corrected", fixed), ("all_but_one", looser), ("any", looser),
                      ("any", typed)]
        for step, matches in candidates:
            docs = matches.step(step) if matches else EMPTY
            if len(docs):
                break
        else:
            return []
        tiers, seen = [Tier(step, matches.plan, docs)], docs
        for looser in LOOSER[step]:
            if len(seen) >= FEW:
                break
            docs = without(matches.step(looser), seen)
            if len(docs):
                tiers.append(Tier(looser, matches.plan, docs))
                seen = some([seen, docs])
        return tiers

    def _ranked(self, tiers: list[Tier], nearest: list[tuple[int, float]], wanted: int) -> dict:
        """The lexical ranking, tier after tier, enough to fill the page after collapsing; and the
        page's ranking: the same, or its fusion with the nearest passages (`search.semantic`)."""
        wanted = min(COLLAPSE_SPAN * wanted, wanted + MAX_COLLAPSED)
        if nearest:
            wanted = max(wanted, CANDIDATES)
        lexical: list[tuple[int, float]] = []
        for tier in tiers:
            if len(lexical) >= wanted:
                break
            strict = tier.step in ("all", "corrected")
            lexical += self.backend.rank(tier.plan, tier.docs, wanted - len(lexical), strict)
        page = fuse(lexical[:CANDIDATES], nearest) + lexical[CANDIDATES:] if nearest else lexical
        return {"lexical": lexical, "page": page}

    def _page(self, ranked: list[tuple[int, float]], tiers: list[Tier], offset: int, limit: int,
              fields: tuple[str, ...]) -> list[dict]:
        """The page's results, records of the same type and title collapsed into the first."""
        groups: dict[tuple[str, str], list[tuple[int, float]]] = {}
        for docnum, score in ranked:
            record = self.backend.record(docnum)
            groups.setdefault((record["type"], " ".join(record["title"].casefold().split())), []).append(
                (docnum, score))
        forms = tiers[0].plan.forms if tiers else set()
        return [self._result(group, forms, fields) for group in list(groups.values())[offset:offset + limit]]

    def _result(self, group: list[tuple[int, float]], forms: set[str], fields: tuple[str, ...]) -> dict:
        (docnum, score), alike = group[0], group[1:]
        record = self.backend.record(docnum)
        result = {k: v for k, v in record.items() if k not in OPTIONAL_FIELDS or k in fields}
        return {**result, "snippet": snippet(record["text"], forms), "score": round(score, 3),
                "similar": [self.backend.record(d)["id"] for d, _score in alike]}


def _strong(tiers: list[Tier]) -> bool:
    """Every word matched, each by itself or by the city's own translation (not a split or a weak sense)."""
    return bool(tiers) and tiers[0].step in ("all", "corrected") and all(
        c.strong for c in tiers[0].plan.clauses)


def confidence(tiers: list[Tier], lexical: list, nearest: list, page: list) -> str:
    """"high" when every word matched by itself or by the city's own translation; when every word
    matched but one only by a split or a weak sense, and the meaning agrees (the first result is
    among the AGREE_STRICT nearest passages); or, where the search had to relax, when the lexical
    and the semantic rankings both have the first result in their top AGREE. "low" otherwise."""
    if _strong(tiers):
        return "high"
    if not nearest or not page:
        return "low"
    first, near = page[0][0], [d for d, _ in nearest]
    if tiers and tiers[0].step in ("all", "corrected"):
        return "high" if first in near[:AGREE_STRICT] else "low"
    return "high" if first in {d for d, _ in lexical[:AGREE]} and first in near[:AGREE] else "low"


class _Matches:
    """Which records match each clause of a plan, asked of the backend once, combined per step."""

    def __init__(self, backend, plan: Plan, allowed: Docs | None) -> None:
        self.backend, self.plan, self.allowed = backend, plan, allowed

    def step(self, step: str) -> Docs:
        return {"all": self.all, "corrected": self.all, "all_but_one": self.all_but_one,
                "any": self.any}[step]()

    def _keep(self, docs: Docs) -> Docs:
        return docs if self.allowed is None else every([docs, self.allowed])

    @cached_property
    def clauses(self) -> list[Docs]:
        return [self._keep(self.backend.clause_docs(c)) for c in self.plan.clauses]

    @cached_property
    def names(self) -> tuple[Docs, Docs]:
        having_all, having_any = self.backend.names_docs(self.plan)
        return self._keep(having_all), self._keep(having_any)

    def all(self) -> Docs:
        return some([every(self.clauses), self.names[0]])

    def all_but_one(self) -> Docs:
        return at_least(self.clauses, len(self.clauses) - 1) if len(self.clauses) >= 3 else EMPTY

    def any(self) -> Docs:
        return some([*self.clauses, self.names[1]])
