"""The search engine of the build in use, shared by a process's requests and reopened after a rebuild.

A Whoosh build that cannot be opened (damaged, unfinished, gone) is never served: the process
goes on serving the last build it opened, and logs why once; /readyz then reports that build
(`engine.info`, `problem()`). A process that has opened none answers 503 with a message that
names no file on the server.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

from flask import Flask, current_app

from indexer.store import CURRENT, DAMAGE, IndexUnavailable
from search import Engine, engine_for
from search.semantic import Budget

_EXTENSION = "palveluhaku.engine"
UNAVAILABLE = "the search index is missing or damaged: run 'python -m indexer build'"
RETRY_SECONDS = 30  # a build that could not be opened is tried again after this, or when `current` changes
_NOTHING = object()  # no failure yet


@dataclass
class _Served:
    """The engine a process serves, and what it last failed to open."""

    link: object = None  # what `current` was when `engine` was opened (or the database version)
    engine: Engine | None = None
    failed: object = _NOTHING  # the `current` that could not be opened ...
    failed_at: float = 0.0  # ... when (time.monotonic())
    problem: str | None = None  # ... and why
    lock: threading.Lock = field(default_factory=threading.Lock)  # one opening at a time


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = _Served()


def get_engine() -> Engine:
    """The engine of the build in use, or the last good one (IndexUnavailable if there is none,
    DatabaseUnavailable when the database cannot be reached).

    A Whoosh build swaps in a new folder by replacing the `current` link; the next request
    sees the new link (one lstat per request) and opens that build, with empty caches. In
    PostgreSQL the next request sees the new current version (one small query).
    """
    settings, served = current_app.config["SEARCH"], current_app.extensions[_EXTENSION]
    if settings["backend"] == "postgresql":
        return _database_engine(settings, served)
    link = _link(settings["index_dir"])
    if link is not None and link == served.link:
        return served.engine
    with served.lock:
        if link is not None and link == served.link:  # another thread opened it meanwhile
            return served.engine
        if link != served.failed or time.monotonic() - served.failed_at > RETRY_SECONDS:
            _open(settings, served, link)
    if served.engine is None:
        raise IndexUnavailable(UNAVAILABLE)
    return served.engine


def _open(settings: dict, served: _Served, link: tuple | None) -> None:
    """Open the build `current` points at and serve it; if it cannot be, keep the one served."""
    try:
        engine = engine_for(settings)
    except (IndexUnavailable, *DAMAGE) as error:
        reason = str(error) if isinstance(error, IndexUnavailable) else f"{type(error).__name__}: {error}"
        if reason != served.problem:
            info = served.engine.info if served.engine else {}
            keep = (f"still serving builds/{info.get('build')} (built {info.get('built_at')})" if info
                    else "answering 503 until one is built")
            current_app.logger.error("the search index cannot be opened: %s; %s", reason, keep,
                                     exc_info=not isinstance(error, IndexUnavailable))  # unforeseen: where
        served.failed, served.failed_at, served.problem = link, time.monotonic(), reason
        return
    _share_budget(engine, settings)
    if served.problem:
        current_app.logger.warning("the search index opens again: serving builds/%s (built %s)",
                                   engine.info.get("build"), engine.info.get("built_at"))
    served.link, served.engine, served.failed, served.problem = link, engine, _NOTHING, None


def problem() -> str | None:
    """Why the build `current` points at is not the one served (None when it is): for /readyz."""
    return current_app.extensions[_EXTENSION].problem


def _share_budget(engine: Engine, settings: dict) -> None:
    if engine.semantic is not None:  # a server shares its workers' time; a script or test does not
        engine.semantic.budget = Budget(settings["semantic_share"])


def _database_engine(settings: dict, served: _Served) -> Engine:
    seen = _database_version(served.engine)
    if seen is None or seen != served.link:
        engine = engine_for(settings)
        _share_budget(engine, settings)
        served.link, served.engine = engine.info.get("version"), engine
    return served.engine


def _link(root) -> tuple | None:
    """What identifies the `current` link (None when there is none)."""
    try:
        link = os.lstat(root / CURRENT)
    except OSError:
        return None
    return link.st_ino, link.st_mtime_ns


def _database_version(engine: Engine | None) -> int | None:
    if engine is None:
        return None
    from search.postgresql import current_version

    return current_version(engine.backend.db)
