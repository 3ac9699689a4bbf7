"""The search core: one build's index and lexicon in, ranked records, facets and lookups out.

`open_engine` opens the build in use (Whoosh files, or the current version in
PostgreSQL); `Engine.search` plans a query (`query`), runs the plan's steps on
the backend (`search.postings` over `search.whoosh` or `search.postgresql`), and
shapes the response; `search.lookup` finds records by id, unit and name.
"""

from __future__ import annotations

from pathlib import Path

from indexer import vectors
from indexer.store import open_index
from query.lexicon import Lexicon
from search.core import Engine
from search.lookup import Suggestions
from search.whoosh import WhooshBackend

__all__ = ["Engine", "open_engine", "open_database_engine", "engine_for"]


def open_engine(index_dir: Path) -> Engine:
    """The search engine of the build in use under `index_dir` (IndexUnavailable if there is none)."""
    ix, info = open_index(index_dir)
    folder = Path(ix.storage.folder)
    return Engine(WhooshBackend(ix), Lexicon.load(folder), info, Suggestions.load(folder),
                  vectors.load(folder))


def open_database_engine(url: str) -> Engine:
    """The search engine of the version current in the database at `url` (DatabaseUnavailable if none)."""
    from search.postgresql import PostgresBackend

    backend = PostgresBackend(url)
    return Engine(backend, Lexicon.from_json(backend.lexicon), backend.info, Suggestions(backend.titles),
                  backend.vectors)


def engine_for(settings: dict) -> Engine:
    """The engine the settings name: Whoosh files in index_dir, or PostgreSQL at database_url."""
    if settings["backend"] == "postgresql":
        return open_database_engine(settings["database_url"])
    return open_engine(settings["index_dir"])
