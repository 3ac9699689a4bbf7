"""The search engine of the build in use, shared by a process's requests and reopened after a rebuild."""

from __future__ import annotations

from flask import Flask, current_app

from indexer.store import current_build
from search import Engine, open_engine

_EXTENSION = "palveluhaku.engine"


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = (None, None)


def get_engine() -> Engine:
    """The engine of the build in use (IndexUnavailable if there is none).

    A build swaps in a new folder; the next request sees it and opens that one,
    with empty caches.
    """
    root = current_app.config["SEARCH"]["index_dir"]
    folder = current_build(root)
    opened_folder, engine = current_app.extensions[_EXTENSION]
    if folder != opened_folder:
        engine = open_engine(root)
        current_app.extensions[_EXTENSION] = (folder, engine)
    return engine
