"""The search engine of the build in use, shared by a process's requests and reopened after a rebuild."""

from __future__ import annotations

import os

from flask import Flask, current_app

from indexer.store import CURRENT, current_build
from search import Engine, open_engine

_EXTENSION = "palveluhaku.engine"


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = (None, None)


def get_engine() -> Engine:
    """The engine of the build in use (IndexUnavailable if there is none).

    A build swaps in a new folder by replacing the `current` link; the next request
    sees the new link (one lstat, not a path resolution, per request) and opens that
    build, with empty caches.
    """
    root = current_app.config["SEARCH"]["index_dir"]
    try:
        link = os.lstat(root / CURRENT)
        seen = (link.st_ino, link.st_mtime_ns)
    except OSError:
        seen = None
    opened, engine = current_app.extensions[_EXTENSION]
    if seen is None or seen != opened:
        current_build(root)  # IndexUnavailable, with what to run, when there is no finished build
        engine = open_engine(root)
        current_app.extensions[_EXTENSION] = (seen, engine)
    return engine
