"""The search engine of the build in use, shared by a process's requests and reopened after a rebuild."""

from __future__ import annotations

import os

from flask import Flask, current_app

from indexer.store import CURRENT, current_build
from search import Engine, engine_for
from search.semantic import Budget

_EXTENSION = "palveluhaku.engine"


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = (None, None)


def get_engine() -> Engine:
    """The engine of the build in use (IndexUnavailable if there is none, DatabaseUnavailable
    when the database cannot be reached).

    A Whoosh build swaps in a new folder by replacing the `current` link; the next request
    sees the new link (one lstat per request) and opens that build, with empty caches. In
    PostgreSQL the next request sees the new current version (one small query).
    """
    settings = current_app.config["SEARCH"]
    opened, engine = current_app.extensions[_EXTENSION]
    seen = _database_version(engine) if settings["backend"] == "postgresql" else _link(settings["index_dir"])
    if seen is None or seen != opened:
        engine = engine_for(settings)
        if engine.semantic is not None:  # a server shares its workers' time; a script or test does not
            engine.semantic.budget = Budget(settings["semantic_share"])
        seen = engine.info.get("version") if settings["backend"] == "postgresql" else seen
        current_app.extensions[_EXTENSION] = (seen, engine)
    return engine


def _link(root) -> tuple | None:
    try:
        link = os.lstat(root / CURRENT)
    except OSError:
        current_build(root)  # IndexUnavailable, with what to run
        return None
    return link.st_ino, link.st_mtime_ns


def _database_version(engine: Engine | None) -> int | None:
    if engine is None:
        return None
    from search.postgresql import current_version

    return current_version(engine.backend.db)
