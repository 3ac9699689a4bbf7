"""The search core: one build's index and lexicon in, ranked records, facets and lookups out.

`open_engine` opens the build in use; `Engine.search` plans a query
(`query`), runs the plan's steps on the backend (`search.whoosh`), and
shapes the response; `search.lookup` finds records by id, unit and name.
"""

from __future__ import annotations

from pathlib import Path

from indexer.store import open_index
from query.lexicon import Lexicon
from search.core import Engine
from search.lookup import Suggestions
from search.whoosh import WhooshBackend

__all__ = ["Engine", "open_engine"]


def open_engine(index_dir: Path) -> Engine:
    """The search engine of the build in use under `index_dir` (IndexUnavailable if there is none)."""
    ix, info = open_index(index_dir)
    folder = Path(ix.storage.folder)
    return Engine(WhooshBackend(ix), Lexicon.load(folder), info, Suggestions.load(folder))
