"""`make eval`: relevance on the development queries, per query language, against a baseline.

A hit is relevant when its title + text (lowercased, whitespace collapsed)
contains one of the query's `any` phrases; where a query names a `unit`, a
relevant hit should also name a responsible unit whose name contains it.
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

    @property
    def group(self) -> str:
        return self.query["lang"]


def load_queries(path: Path = DEV_QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text("utf-8"))["queries"]


def relevant(query: dict, hit: dict) -> bool:
    text = " ".join(f"{hit['title']} {hit['text']}".lower().split())
    return any(phrase.lower() in text for phrase in query["any"])


def names_unit(query: dict, hit: dict) -> bool:
    wanted = query["unit"].lower()
    return any(wanted in name.lower() for u in hit["units"] for name in u["name"].values())


def outcome(query: dict, hits: list[dict], language: str | None = None) -> Outcome:
    rank = next((i for i, hit in enumerate(hits[:CUTOFF], 1) if relevant(query, hit)), None)
    unit_ok = None
    if query.get("unit"):
        unit_ok = rank is not None and names_unit(query, hits[rank - 1])
    return Outcome(query, rank, unit_ok, language)


def run_engine(engine, queries: list[dict]) -> list[Outcome]:
    outcomes = []
    for query in queries:
        response = engine.search(query["q"], limit=CUTOFF, fields=("text",))
        outcomes.append(outcome(query, response["results"], response["query"]["language"]))
    return outcomes


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


def by_group(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    groups = defaultdict(list)
    for o in outcomes:
        groups[o.group].append(o)
    return {"all": outcomes, **dict(sorted(groups.items()))}


def detection_accuracy(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """Per query language: (detected right, queries)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        for group in ("all", o.group):
            table[group][0] += o.language == o.group
            table[group][1] += 1
    return {k: tuple(v) for k, v in table.items()}


def report(engine: list[Outcome], baseline: list[Outcome]) -> str:
    lines = [f"{'language':10}{'n':>4} | {'S@1':>6}{'S@3':>6}{'MRR@10':>8} | baseline "
             f"{'S@1':>6}{'S@3':>6}{'MRR@10':>8}"]
    base_groups = by_group(baseline)
    for group, outcomes in by_group(engine).items():
        e, b = scores(outcomes), scores(base_groups[group])
        lines.append(f"{group:10}{e['n']:>4} | {e['S@1']:6.2f}{e['S@3']:6.2f}{e['MRR@10']:8.2f} | "
                     f"{'':9}{b['S@1']:6.2f}{b['S@3']:6.2f}{b['MRR@10']:8.2f}")
    lines.append("")
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
    print(report(run_engine(engine, queries), run_baseline(baseline_index(engine), queries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
