"""A deterministic synthetic corpus of about N records, made from the real one.

    python -m benchmarks.synthetic N OUT_DIR [--seed 1]

In: the real corpus (corpus/data). Out: OUT_DIR, a corpus folder with the layout
of corpus/data that the indexer loads with PALVELUHAKU_CORPUS_DIR=OUT_DIR: every
real file, plus copies of real measures, services and guidance passages whose
sentences are drawn (seeded) from the records of the same type, under new numbers,
headings and tree ids so that every derived id is new. Units, programmes,
documents and indicators stay the real ones, so every link still resolves. The
copies are split among the three types in proportion to their real counts.

OUT_DIR/../sources is linked to corpus/sources when missing, so the build reads
the same raw documents (its duplicate check) as the real one. OUT_DIR/SYNTHETIC.json
records what was made; an existing OUT_DIR is replaced only if it holds that file.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import time
from pathlib import Path

import yaml

from corpus import DATA_DIR
from corpus.ids import guidance_id

TYPES = ("measures", "services", "guidance")
MARKER = "SYNTHETIC.json"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def read_records(root: Path, pattern: str) -> list[dict]:
    """Every record of the YAML files matching `pattern` under `root`, in file order."""
    records = []
    for path in sorted(root.glob(pattern)):
        records += yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader) or []
    return records


def real_records(root: Path = DATA_DIR) -> dict[str, list[dict]]:
    return {"measures": read_records(root, "measures/*.yaml"),
            "services": read_records(root, "services.yaml"),
            "guidance": read_records(root, "guidance/*.yaml"),
            "other": [*read_records(root, "units/*.yaml"), *read_records(root, "indicators/*.yaml")]}


def sentences(texts) -> list[str]:
    return [s for text in texts if text for s in SENTENCE_END.split(text.strip()) if s]


def shuffled_text(rng: random.Random, pool: list[str], like: str) -> str:
    """As many sentences as `like` has, drawn from `pool`."""
    return " ".join(rng.choice(pool) for _ in range(max(1, len(sentences([like])))))


def copy_counts(real: dict[str, list[dict]], total: int) -> dict[str, int]:
    """How many copies of each type make about `total` records, in proportion to the real counts."""
    have = sum(len(records) for records in real.values())
    extra = max(0, total - have)
    weights = {kind: len(real[kind]) for kind in TYPES}
    counts = {kind: extra * w // sum(weights.values()) for kind, w in weights.items()}
    counts["services"] += extra - sum(counts.values())
    return counts


class Copier:
    """Makes the copies of one corpus, drawing sentences from per-type pools."""

    def __init__(self, real: dict[str, list[dict]], seed: int) -> None:
        self.rng = random.Random(seed)
        measures, guidance = real["measures"], real["guidance"]
        self.pools = {
            "text": sentences(m["text"] for m in measures),
            "goal": [m["goal"] for m in measures if m.get("goal")],
            "indicator": [i for m in measures for i in m.get("indicators") or []],
            "report": sentences(m.get("report") for m in measures),
            "progress": sentences(m.get("progress") for m in measures),
            "guidance": sentences(g["text"] for g in guidance),
        }
        self.names = {lang: [s["name"][lang] for s in real["services"] if s["name"].get(lang)]
                      for lang in ("fi", "sv", "en")}
        self.next_tree_id = max(s["tree_id"] for s in real["services"]) + 1

    def measure(self, original: dict, round_: int) -> dict:
        rng, pools = self.rng, self.pools
        copy = {**original, "text": shuffled_text(rng, pools["text"], original["text"])}
        if original.get("number"):
            copy["number"] = f"{original['number']}-s{round_}"
        if original.get("kind") == "highlight":
            copy["title"] = f"(s{round_}) {original['title']}"
        if original.get("goal"):
            copy["goal"] = rng.choice(pools["goal"])
        if original.get("indicators"):
            copy["indicators"] = [rng.choice(pools["indicator"]) for _ in original["indicators"]]
        for key in ("report", "progress"):
            if original.get(key) and pools[key]:
                copy[key] = shuffled_text(rng, pools[key], original[key])
        return copy

    def service(self, original: dict, round_: int) -> dict:
        words = {lang: ", ".join(self.rng.choice(self.names[lang]) for _ in range(self.rng.randint(1, 3)))
                 for lang in original["name"] if self.names.get(lang)}
        copy = {"tree_id": self.next_tree_id, "name": original["name"], "searchwords": words}
        if original.get("parent"):
            copy["parent"] = original["parent"]
        self.next_tree_id += 1
        return copy

    def guidance(self, original: dict, round_: int) -> dict:
        heading = f"{original['heading']} (s{round_})"
        if len(guidance_id(original["document"], heading)) >= 120:  # the id would be cut: mark the start
            heading = f"(s{round_}) {original['heading']}"
        return {**original, "heading": heading,
                "text": shuffled_text(self.rng, self.pools["guidance"], original["text"])}

    def copies(self, kind: str, originals: list[dict], count: int) -> list[dict]:
        """`count` copies, cycling through `originals`; round r marks the r-th copy of each."""
        make = {"measures": self.measure, "services": self.service, "guidance": self.guidance}[kind]
        return [make(originals[k % len(originals)], k // len(originals) + 1) for k in range(count)]


def dump(records: list[dict]) -> str:
    return yaml.dump(records, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)


def prepare(out: Path, source: Path) -> None:
    """A fresh copy of the real corpus at `out` (an old synthetic one is replaced)."""
    if out.exists():
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} exists and is not a synthetic corpus (no {MARKER}); not replacing it")
        shutil.rmtree(out)
    shutil.copytree(source, out)
    sources = out.parent / "sources"
    if not sources.exists():
        sources.symlink_to((source.parent / "sources").resolve(), target_is_directory=True)


def write(total: int, out: Path, seed: int = 1, source: Path = DATA_DIR) -> dict:
    """Write the synthetic corpus of about `total` records to `out`; returns its counts."""
    real = real_records(source)
    counts = copy_counts(real, total)
    copier = Copier(real, seed)
    made = {kind: copier.copies(kind, real[kind], counts[kind]) for kind in TYPES}
    prepare(out, source)
    (out / "measures" / "zz-synthetic.yaml").write_text(dump(made["measures"]), "utf-8")
    (out / "guidance" / "zz-synthetic.yaml").write_text(dump(made["guidance"]), "utf-8")
    with open(out / "services.yaml", "a", encoding="utf-8") as services:
        services.write("\n# Synthetic copies (benchmarks/synthetic.py)\n" + dump(made["services"]))
    info = {"seed": seed, "asked": total, "copies": counts,
            "records": sum(map(len, real.values())) + sum(counts.values())}
    (out / MARKER).write_text(json.dumps(info, indent=1), "utf-8")
    return info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("records", type=int, help="about how many records in all")
    parser.add_argument("out", type=Path, help="the corpus folder to write (var/bench/synthetic-N/data)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    info = write(args.records, args.out, args.seed)
    print(json.dumps({**info, "seconds": round(time.perf_counter() - started, 2)}))


if __name__ == "__main__":
    main()
