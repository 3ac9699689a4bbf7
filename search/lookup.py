"""Looking records up by id, by responsible unit, and by the start of their names."""

from __future__ import annotations

import json
from bisect import bisect_left
from pathlib import Path

import numpy as np

from analyzers.diacritics import fold
from indexer.store import TITLES

SUGGESTION_TYPES = ("unit", "service", "measure", "guidance")


def get_record(engine, record_id: str) -> dict | None:
    """The record with this id, or None."""
    return engine.backend.document(record_id)


def records_of_unit(engine, unit_id: str, field: str = "units") -> list[dict]:
    """Every record the unit is responsible for (measures, indicators), numbered ones in order;
    with `field="mentions"`, those whose text names it without making it responsible."""
    records = [r for r in engine.backend.records_with(field, unit_id) if r["id"] != unit_id]
    return sorted(records, key=lambda r: (r["type"], r.get("programme") or "", _number(r.get("number"))))


class Suggestions:
    """The build's titles, best first (units, services, measures, guidance; shorter first), and
    every folded word and whole folded title, sorted, each with the titles that have it."""

    def __init__(self, titles: list[list[str]]) -> None:
        order = {t: i for i, t in enumerate(SUGGESTION_TYPES)}
        self.titles = sorted(map(tuple, titles), key=lambda t: (order.get(t[1], 9), len(t[2])))
        having: dict[str, list[int]] = {}
        for i, (_id, _type, title) in enumerate(self.titles):
            folded = fold(title.lower())
            for key in {*folded.split(), folded}:
                having.setdefault(key, []).append(i)
        self.keys = sorted(having)
        self.starts = np.cumsum([0] + [len(having[k]) for k in self.keys])
        self.having = np.array([i for k in self.keys for i in having[k]], dtype=np.int32)

    @classmethod
    def load(cls, folder: Path) -> Suggestions:
        """The suggestions written with a build (none for a build without them)."""
        path = Path(folder) / TITLES
        return cls(json.loads(path.read_text("utf-8")) if path.exists() else [])

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        """Titles with a word (or a start) beginning with `prefix`, typed in any case or without ä/ö."""
        wanted = fold(prefix.strip().lower())
        if len(wanted) < 2:
            return []
        first = bisect_left(self.keys, wanted)
        last = bisect_left(self.keys, wanted[:-1] + chr(ord(wanted[-1]) + 1), first)
        seen, out = set(), []
        for i in np.unique(self.having[self.starts[first]:self.starts[last]]):
            record_id, kind, title = self.titles[i]
            if title not in seen:
                seen.add(title)
                out.append({"id": record_id, "type": kind, "title": title})
                if len(out) >= limit:
                    break
        return out


def _number(number: str | None) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in (number or "").split("."))
    except ValueError:
        return ()


def contact_unit(engine, unit_id: str) -> tuple[dict | None, dict | None]:
    """The unit, and the nearest of it and the units above it that has a contact channel in our data
    (None when none has: then a referral says so and points to general advice)."""
    unit = get_record(engine, unit_id)
    current, seen = unit, set()
    while current is not None and current["id"] not in seen:
        seen.add(current["id"])
        if current.get("contacts"):
            return unit, current
        current = get_record(engine, current["parent"]) if current.get("parent") else None
    return unit, None
