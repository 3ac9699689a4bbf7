"""The open index, shared by a process's requests and reopened after a rebuild."""

from __future__ import annotations

from flask import Flask, current_app

from indexer.store import current_build, open_index

_EXTENSION = "palveluhaku.index"


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = (None, None, None)


def get_index():
    """The index in use and its BUILD info (IndexUnavailable if there is none).

    A build swaps in a new folder; the next request sees it and opens that one.
    """
    root = current_app.config["SEARCH"]["index_dir"]
    folder = current_build(root)
    opened_folder, ix, info = current_app.extensions[_EXTENSION]
    if folder != opened_folder:
        ix, info = open_index(root)
        current_app.extensions[_EXTENSION] = (folder, ix, info)
    return ix, info
