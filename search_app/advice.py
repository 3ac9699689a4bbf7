"""Human advice for a search without a good answer: the `advice` setting, resolved per build.

In: the `advice` setting (records of the corpus by id, or names with an address of their
own). Out: a list of {id, name {fi, sv, en}, url}, where `id` is the corpus record (its page
is ours) and `url` a web address the city publishes, None where our data has none.
"""

from __future__ import annotations

from flask import current_app

from search.lookup import get_record


def advice(engine) -> list[dict]:
    """The advice channels of the settings, with the current build's names and addresses."""
    return engine.memo(("advice",), lambda: [a for entry in current_app.config["SEARCH"]["advice"]
                                             if (a := _resolved(engine, entry))])


def _resolved(engine, entry: dict) -> dict | None:
    if "record" in entry:
        record = get_record(engine, entry["record"])
        if record is None:
            current_app.logger.warning("advice: no record %r in this build", entry["record"])
            return None
        name = record.get("name") or {"fi": record["title"]}
        return {"id": record["id"], "type": record["type"], "name": name, "url": record.get("url")}
    return {"id": None, "type": None, "name": entry.get("name") or {}, "url": entry.get("url")}
