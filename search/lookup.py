"""Looking records up by id, by responsible unit, and by the start of their names."""

from __future__ import annotations

from functools import lru_cache

from whoosh.query import Every, Term

from analyzers.diacritics import fold

SUGGESTION_TYPES = ("unit", "service", "measure", "guidance")


def get_record(ix, record_id: str) -> dict | None:
    """The record with this id, or None."""
    with ix.searcher() as searcher:
        fields = searcher.document(id=record_id)
    return fields["payload"] if fields else None


def records_of_unit(ix, unit_id: str) -> list[dict]:
    """Every record the unit is responsible for (measures, indicators), numbered ones in order."""
    with ix.searcher() as searcher:
        hits = searcher.search(Term("units", unit_id), limit=None)
        records = [hit["payload"] for hit in hits if hit["id"] != unit_id]
    return sorted(records, key=lambda r: (r["type"], r.get("programme") or "", _number(r.get("number"))))


def suggest(ix, prefix: str, limit: int = 8) -> list[dict]:
    """Names of units, services, measures and guidance that have a word starting with `prefix`.

    Typed without ä/ö or in any case, the prefix still matches.
    """
    wanted = fold(prefix.strip().lower())
    if len(wanted) < 2:
        return []
    found, titles = [], set()
    for entry in _titles(ix):
        if entry["title"] in titles:
            continue
        if any(word.startswith(wanted) for word in entry["words"]) or entry["folded"].startswith(wanted):
            titles.add(entry["title"])
            found.append({k: entry[k] for k in ("id", "type", "title")})
            if len(found) >= limit:
                break
    return found


@lru_cache(maxsize=4)
def _titles(ix) -> list[dict]:
    entries = []
    with ix.searcher() as searcher:
        for hit in searcher.search(Every(), limit=None):
            record = hit["payload"]
            title = record["title"]
            folded = fold(title.lower())
            entries.append({"id": record["id"], "type": record["type"], "title": title,
                            "folded": folded, "words": folded.split()})
    return sorted(entries, key=lambda e: (SUGGESTION_TYPES.index(e["type"])
                                          if e["type"] in SUGGESTION_TYPES else 9, len(e["title"])))


def _number(number: str | None) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in (number or "").split("."))
    except ValueError:
        return ()
