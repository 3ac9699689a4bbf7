"""`make eval`: relevance on the development queries, per query language, against a baseline.

A hit is relevant when its title + text (lowercased, whitespace collapsed)
contains one of the query's `any` phrases; where a query names a `unit`, a
relevant hit should also name a responsible unit whose name contains it. A
query set without `any` phrases is out of scope: only how often the engine
says "low" confidence is reported for it.
The baseline searches the same records with no morphology and no
translation: Whoosh's standard analyzer (lowercase words) over title + text,
BM25F, all words required and then any word.

    python -m benchmarks.evaluate [QUERIES.yaml]
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from whoosh import scoring
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import OrGroup, QueryParser

from search import open_engine
from settings import load_settings

DEV_QUERIES = Path(__file__).with_name("dev_queries.yaml")
CUTOFF = 10


@dataclass
class Outcome:
    query: dict
    rank: int | None  # 1-based rank of the first relevant hit within CUTOFF
    unit_ok: bool | None  # for queries naming a unit: does the first relevant hit name it
    language: str | None = None  # the detected language
    confidence: str | None = None  # the engine's: "high" or "low"

    @property
    def group(self) -> str:
        return self.query["lang"]


def load_queries(path: Path = DEV_QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text("utf-8"))["queries"]


def relevant(query: dict, hit: dict) -> bool:
    """The hit contains one of the query's phrases (an out-of-scope query has none)."""
    text = " ".join(f"{hit['title']} {hit['text']}".lower().split())
    return any(phrase.lower() in text for phrase in query["any"])


def names_unit(query: dict, hit: dict) -> bool:
    wanted = query["unit"].lower()
    return any(wanted in name.lower() for u in hit["units"] for name in u["name"].values())


def outcome(query: dict, hits: list[dict], language: str | None = None,
            confidence: str | None = None) -> Outcome:
    rank = next((i for i, hit in enumerate(hits[:CUTOFF], 1) if relevant(query, hit)), None)
    unit_ok = None
    if query.get("unit"):
        unit_ok = rank is not None and names_unit(query, hits[rank - 1])
    return Outcome(query, rank, unit_ok, language, confidence)


def run_engine(engine, queries: list[dict]) -> list[Outcome]:
    outcomes = []
    for query in queries:
        response = engine.search(query["q"], limit=CUTOFF, fields=("text",))
        outcomes.append(outcome({"any": [], **query}, response["results"], response["query"]["language"],
                                response["confidence"]))
    return outcomes


def confidence_figures(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """(answered as it should be, queries): high where the first hit is relevant, low where
    no hit in the top 3 is, and low for out-of-scope queries (those with nothing relevant)."""
    judged = [o for o in outcomes if o.query["any"]]
    right = [o for o in judged if o.rank == 1]
    wrong = [o for o in judged if not o.rank or o.rank > 3]
    outside = [o for o in outcomes if not o.query["any"]]
    return {"high when the first hit is relevant": (sum(o.confidence == "high" for o in right), len(right)),
            "low when no top-3 hit is relevant": (sum(o.confidence == "low" for o in wrong), len(wrong)),
            "low for out-of-scope queries": (sum(o.confidence == "low" for o in outside), len(outside))}


def baseline_index(engine):
    """The same records in a plain index: no morphology, no translation."""
    schema = Schema(text=TEXT(analyzer=StandardAnalyzer(stoplist=None)), payload=STORED())
    plain = RamStorage().create_index(schema)
    with plain.writer() as writer:
        for record in engine.backend.every_record():
            writer.add_document(text=f"{record['title']} {record['text']}", payload=record)
    return plain


def run_baseline(plain, queries: list[dict]) -> list[Outcome]:
    outcomes = []
    with plain.searcher(weighting=scoring.BM25F()) as searcher:
        for query in queries:
            hits = []
            for group in (None, OrGroup):
                parser = QueryParser("text", plain.schema, **({"group": group} if group else {}))
                hits = searcher.search(parser.parse(re.sub(r"[^\w\s]", " ", query["q"])), limit=CUTOFF)
                if hits.scored_length():
                    break
            outcomes.append(outcome(query, [h["payload"] for h in hits]))
    return outcomes


def scores(outcomes: list[Outcome]) -> dict[str, float]:
    n = len(outcomes) or 1
    return {
        "n": len(outcomes),
        "S@1": sum(o.rank == 1 for o in outcomes) / n,
        "S@3": sum(o.rank is not None and o.rank <= 3 for o in outcomes) / n,
        "MRR@10": sum(1 / o.rank for o in outcomes if o.rank) / n,
    }


def by_group(outcomes: list[Outcome], key=lambda o: o.group) -> dict[str, list[Outcome]]:
    """The outcomes by query language (or by `key`), after all of them."""
    groups = defaultdict(list)
    for o in outcomes:
        groups[key(o)].append(o)
    return {"all": outcomes, **dict(sorted(groups.items()))}


def by_kind(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    """The outcomes by the query set's `kind` (exact, typo, paraphrase, ...), where it has one."""
    return by_group([o for o in outcomes if o.query.get("kind")], key=lambda o: o.query["kind"])


def detection_accuracy(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """Per query language: (detected right, queries)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        for group in ("all", o.group):
            table[group][0] += o.language == o.group
            table[group][1] += 1
    return {k: tuple(v) for k, v in table.items()}


def table(title: str, engine: dict[str, list[Outcome]], baseline: dict[str, list[Outcome]]) -> list[str]:
    lines = [f"{title:14}{'n':>4} | {'S@1':>6}{'S@3':>6}{'MRR@10':>8} | baseline "
             f"{'S@1':>6}{'S@3':>6}{'MRR@10':>8}"]
    for group, outcomes in engine.items():
        e, b = scores(outcomes), scores(baseline[group])
        lines.append(f"{group:14}{e['n']:>4} | {e['S@1']:6.2f}{e['S@3']:6.2f}{e['MRR@10']:8.2f} | "
                     f"{'':9}{b['S@1']:6.2f}{b['S@3']:6.2f}{b['MRR@10']:8.2f}")
    return lines


def report(engine: list[Outcome], baseline: list[Outcome]) -> str:
    confidence = ["confidence: " + ", ".join(f"{what} {ok}/{n}" for what, (ok, n) in
                                             confidence_figures(engine).items() if n)]
    if not any(o.query["any"] for o in engine):  # an out-of-scope set: only confidence means anything
        return "\n".join(confidence + [f"  answered with high confidence: {o.query['id']} {o.query['q']!r}"
                                       for o in engine if o.confidence == "high"])
    lines = table("language", by_group(engine), by_group(baseline))
    if len(kinds := by_kind(engine)) > 1:
        lines += ["", *table("kind", kinds, by_kind(baseline))]
    lines += ["", *confidence]
    accuracy = detection_accuracy(engine)
    lines.append("language detection: " + ", ".join(
        f"{g} {right}/{n}" for g, (right, n) in sorted(accuracy.items(), key=lambda kv: kv[0] != "all")))
    with_unit = [o for o in engine if o.unit_ok is not None]
    if with_unit:
        lines.append(f"responsible unit named in the first relevant hit: "
                     f"{sum(o.unit_ok for o in with_unit)}/{len(with_unit)}")
    misses = [o for o in engine if o.rank is None or o.rank > 3]
    for o in misses:
        lines.append(f"  not in top 3: {o.query['id']} {o.query['q']!r} (rank {o.rank}, "
                     f"detected {o.language})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    queries = load_queries(Path(argv[0]) if argv else DEV_QUERIES)
    engine = open_engine(load_settings()["index_dir"])
    judged = all(q.get("any") for q in queries)  # else an out-of-scope set, with no baseline to compare
    baseline = run_baseline(baseline_index(engine), queries) if judged else []
    print(report(run_engine(engine, queries), baseline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
