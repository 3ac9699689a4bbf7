"""The PostgreSQL backend: one version's posting lists, statistics and records, read from the database.

What is done with them (matching, facets, ranking) is `search.postings`, the
same code as for Whoosh, so both backends rank alike. A backend reads the
version that was current when it was opened; `current_version` tells the web
app when a new one has been switched to (on a replica, once it has streamed in).
"""

from __future__ import annotations

import threading
import weakref
from functools import cached_property

import numpy as np
import psycopg
from rapidfuzz.distance import Levenshtein

from indexer import vectors
from indexer.fields import SCORED_FIELDS, TEXT_FIELDS
from indexer.store import DatabaseUnavailable
from search.docs import EMPTY
from search.postings import PostingsBackend

CONNECT_TIMEOUT = 5  # seconds


def connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as error:
        raise DatabaseUnavailable(f"the database cannot be reached ({type(error).__name__})") from None


def current_version(db: psycopg.Connection) -> int:
    try:
        row = db.execute("SELECT version FROM current").fetchone()
    except psycopg.errors.UndefinedTable:
        row = None
    except psycopg.OperationalError:
        raise DatabaseUnavailable("the database connection was lost") from None
    if row is None:
        raise DatabaseUnavailable("the database has no index loaded: run 'python -m indexer build'")
    return row[0]


def replication_lag(db: psycopg.Connection) -> float | None:
    """Seconds since the last replayed transaction on a replica; None on a primary."""
    lag, replica = db.execute("SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp()), "
                              "pg_is_in_recovery()").fetchone()
    return round(float(lag), 3) if replica and lag is not None else None


class PostgresBackend(PostingsBackend):
    """Reads one version from the database at `url` (a replica's, on a replica node)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self._local = threading.local()
        self._connections: list = []
        self.close = weakref.finalize(self, _close_all, self._connections)
        self.version = current_version(self.db)
        row = self._row("SELECT info, lexicon, titles, doc_count, field_lengths, vectors FROM versions "
                        "WHERE id = %s")
        self.info, self.lexicon, self.titles, self.doc_count, self.field_lengths, blob = row
        self.vectors = vectors.from_bytes(bytes(blob)) if blob is not None else None
        self.info = {**self.info, "version": self.version}

    @property
    def db(self) -> psycopg.Connection:
        """A connection per thread, opened once and kept."""
        db = getattr(self._local, "db", None)
        if db is None or db.closed:
            db = self._local.db = connect(self.url)
            self._connections.append(db)
        return db

    def query(self, sql: str, *values) -> list[tuple]:
        """The rows of `sql` for this version (its first parameter); a lost connection is
        opened again once, then DatabaseUnavailable. A NUL character is in no stored text (and
        PostgreSQL refuses it): a value with one finds nothing."""
        if any(isinstance(v, str) and "\x00" in v for v in values):
            return []
        for attempt in (1, 2):
            try:
                return self.db.execute(sql, (self.version, *values)).fetchall()
            except psycopg.OperationalError:
                self._local.db = None
                if attempt == 2:
                    raise DatabaseUnavailable("the database connection was lost") from None
        return []

    def _row(self, sql: str, *values):
        rows = self.query(sql, *values)
        return rows[0] if rows else None

    def _read_postings(self, field: str, text: str):
        row = self._row("SELECT docs, weights FROM postings WHERE version = %s AND field = %s AND term = %s",
                        field, text)
        if row is None:
            return EMPTY, np.zeros(0)
        return np.array(row[0], dtype=np.int32), np.array(row[1], dtype=float)

    def _doc_frequency(self, field: str, text: str) -> int:
        return len(self.weighted(field, text)[0])

    def _field_length(self, field: str) -> int:
        return self.field_lengths.get(field, 0)

    @cached_property
    def _all_lengths(self) -> np.ndarray:
        lengths = np.ones((self.doc_count, len(SCORED_FIELDS)))
        for doc, row in self.query("SELECT doc, lengths FROM records WHERE version = %s"):
            lengths[doc] = row
        return lengths

    def _lengths(self, field: str) -> np.ndarray:
        return np.ascontiguousarray(self._all_lengths[:, SCORED_FIELDS.index(field)])

    def _positions(self, form: str) -> dict[int, list[int]]:
        row = self._row("SELECT positions FROM positions WHERE version = %s AND term = %s", form)
        return {int(doc): where for doc, where in row[0].items()} if row else {}

    @cached_property
    def _body_terms(self) -> dict[str, list[str]]:
        """The body's words by first letter, for corrections."""
        return _by_initial(self.query("SELECT term FROM postings WHERE version = %s AND field = 'body'"))

    def _near(self, word: str, edits: int) -> tuple[str, ...]:
        """Body words within `edits` edits with the same first letter (as Whoosh's terms_within)."""
        return tuple(t for t in self._body_terms.get(word[:1], ()) if abs(len(t) - len(word)) <= edits
                     and Levenshtein.distance(word, t, score_cutoff=edits) <= edits)

    @cached_property
    def _text_terms(self) -> dict[str, list[str]]:
        """The running text's words (body, progress) by first letter, for decompounding."""
        sql = "SELECT DISTINCT term FROM postings WHERE version = %s AND field = ANY(%s)"
        return _by_initial(self.query(sql, list(TEXT_FIELDS)))

    def _prefixed(self, prefix: str) -> tuple[str, ...]:
        return tuple(t for t in self._text_terms.get(prefix[:1], ()) if t.startswith(prefix))

    def _facet_terms(self, field: str) -> list[str]:
        rows = self.query("SELECT term FROM postings WHERE version = %s AND field = %s", field)
        return [term for (term,) in rows]

    def _record(self, docnum: int) -> dict:
        return self._row("SELECT payload FROM records WHERE version = %s AND doc = %s", docnum)[0]

    def document(self, record_id: str) -> dict | None:
        row = self._row("SELECT payload FROM records WHERE version = %s AND id = %s", record_id)
        return row[0] if row else None

    def every_record(self):
        rows = self.query("SELECT payload FROM records WHERE version = %s ORDER BY doc")
        return (payload for (payload,) in rows)


def _by_initial(rows) -> dict[str, list[str]]:
    """Terms (one-column rows) grouped by their first letter."""
    by_letter: dict[str, list[str]] = {}
    for (term,) in rows:
        by_letter.setdefault(term[:1], []).append(term)
    return by_letter


def _close_all(connections: list) -> None:
    while connections:
        connections.pop().close()
