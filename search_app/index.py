"""The open index, created once per process and shared by requests on `g`."""

from __future__ import annotations

from flask import Flask, current_app

from indexer.store import open_index

_EXTENSION = "palveluhaku.index"


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = None


def get_index():
    """The index and its BUILD info, opened on first use (IndexUnavailable if none)."""
    opened = current_app.extensions.get(_EXTENSION)
    if opened is None:
        opened = open_index(current_app.config["SEARCH"]["index_dir"])
        current_app.extensions[_EXTENSION] = opened
    return opened
