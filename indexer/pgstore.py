"""A build loaded into PostgreSQL as one new version, switched to atomically.

The database holds what the Whoosh build holds, analysed once in Python: every
field's posting lists (records and weights, the body's word positions), the
statistics BM25F needs, every record, and the build's lexicon, titles and
passage vectors. One
transaction inserts the new version and points `current` at it, so a reader
(a replica too) sees the old version or the new one, never a mix; a failed load
rolls back and leaves the old version serving. Older versions than the previous
one are deleted in the same transaction.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
import psycopg
from psycopg.types.json import Jsonb
from whoosh import index as whoosh_index
from whoosh.util.numeric import byte_to_length, length_to_byte

from analyzers.embedding import EmbeddingUnavailable
from indexer import vectors
from indexer.fields import SCORED_FIELDS, build_schema, document_fields
from indexer.store import MARKER, TITLES, DatabaseUnavailable, current_build
from query.lexicon import FILE as LEXICON_FILE

SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    id serial PRIMARY KEY, info jsonb NOT NULL, lexicon jsonb NOT NULL, titles jsonb NOT NULL,
    doc_count integer NOT NULL, field_lengths jsonb NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS current (
    one boolean PRIMARY KEY DEFAULT true CHECK (one), version integer NOT NULL REFERENCES versions);
CREATE TABLE IF NOT EXISTS postings (
    version integer NOT NULL REFERENCES versions ON DELETE CASCADE, field text NOT NULL, term text NOT NULL,
    docs integer[] NOT NULL, weights float8[] NOT NULL, PRIMARY KEY (version, field, term));
CREATE TABLE IF NOT EXISTS positions (
    version integer NOT NULL REFERENCES versions ON DELETE CASCADE, term text NOT NULL,
    positions jsonb NOT NULL, PRIMARY KEY (version, term));
CREATE TABLE IF NOT EXISTS records (
    version integer NOT NULL REFERENCES versions ON DELETE CASCADE, doc integer NOT NULL, id text NOT NULL,
    payload jsonb NOT NULL, lengths float8[] NOT NULL, PRIMARY KEY (version, doc));
CREATE INDEX IF NOT EXISTS records_id ON records (version, id);
ALTER TABLE versions ADD COLUMN IF NOT EXISTS vectors bytea;
"""
KEEP_VERSIONS = 2
POSITIONS_FIELD = "body"


def load_build(index_dir: Path, write_url: str) -> int:
    """Load the build in use under `index_dir` into the database; the new version's number."""
    folder = current_build(index_dir)
    return load_version(folder, whoosh_index.open_dir(folder), write_url)


def load_version(folder: Path, ix, write_url: str) -> int:
    """Load the finished Whoosh build in `folder` as a new version and make it current."""
    info = json.loads((folder / MARKER).read_text("utf-8"))
    with _connect(write_url) as db, db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(7510)")  # one load at a time
        db.execute(SCHEMA)
        with ix.searcher() as searcher:
            reader = searcher.reader()
            vectors_file = folder / vectors.VECTORS_FILE
            version = db.execute(
                "INSERT INTO versions (info, lexicon, titles, doc_count, field_lengths, vectors) "
                "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (Jsonb(info), Jsonb(_json(folder / LEXICON_FILE)), Jsonb(_json(folder / TITLES)),
                 reader.doc_count_all(), Jsonb({f: reader.field_length(f) for f in SCORED_FIELDS}),
                 vectors_file.read_bytes() if vectors_file.exists() else None)
            ).fetchone()[0]
            _copy_postings(db, version, ix.schema, reader)
            _copy_records(db, version, searcher)
        db.execute("INSERT INTO current (version) VALUES (%s) ON CONFLICT (one) DO UPDATE SET version = %s",
                   (version, version))
        db.execute("DELETE FROM versions WHERE id <= %s", (version - KEEP_VERSIONS,))
    return version


def _connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(url, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise DatabaseUnavailable(f"the database cannot be written ({str(error).strip()})") from None


def _json(path: Path):
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def _copy_postings(db, version: int, schema, reader) -> None:
    """Every field's posting lists, then the body's word positions (one COPY at a time)."""
    indexed = [name for name, field in schema.items() if field.format is not None]
    positions = []
    with db.cursor().copy("COPY postings (version, field, term, docs, weights) FROM STDIN") as postings:
        for field in indexed:
            for term in reader.lexicon(field):
                text = term.decode() if isinstance(term, bytes) else term
                matcher = reader.postings(field, term)
                docs, weights, where = [], [], []
                while matcher.is_active():
                    docs.append(matcher.id())
                    weights.append(matcher.weight())
                    if field == POSITIONS_FIELD:
                        where.append(matcher.value_as("positions"))
                    matcher.next()
                postings.write_row((version, field, text, docs, weights))
                if field == POSITIONS_FIELD:
                    positions.append((version, text, Jsonb(dict(zip(map(str, docs), where, strict=True)))))
    with db.cursor().copy("COPY positions (version, term, positions) FROM STDIN") as copy:
        for row in positions:
            copy.write_row(row)


def _copy_records(db, version: int, searcher) -> None:
    reader = searcher.reader()
    with db.cursor().copy("COPY records (version, doc, id, payload, lengths) FROM STDIN") as records:
        for doc in reader.all_doc_ids():
            payload = searcher.stored_fields(doc)["payload"]
            lengths = [reader.doc_field_length(doc, f, 1) or 0 for f in SCORED_FIELDS]  # None: empty
            records.write_row((version, doc, payload["id"], Jsonb(payload), lengths))


def sync_records(records: list[dict], write_url: str, vector_cache: Path | None = None) -> dict:
    """Apply the records that differ from the current version's, as a new version, in one transaction.

    The new version starts as a copy of the current one made inside the database; only the
    changed, added and removed records are analysed and their posting lists rewritten, and
    (where the version has passage vectors) only theirs are computed, with `vector_cache`.
    Returns the counts and the new version (None when nothing changed).
    """
    with _connect(write_url) as db, db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(7510)")
        old = db.execute("SELECT version FROM current").fetchone()[0]
        stored = {rid: (doc, payload) for doc, rid, payload in
                  db.execute("SELECT doc, id, payload FROM records WHERE version = %s", (old,))}
        wanted = {r["id"]: r for r in records}
        changed = [rid for rid, r in wanted.items() if rid in stored and _payload(r) != stored[rid][1]]
        added = [rid for rid in wanted if rid not in stored]
        removed = [rid for rid in stored if rid not in wanted]
        counts = {"changed": len(changed), "added": len(added), "removed": len(removed), "version": None}
        if not changed and not added and not removed:
            return counts
        version = _copy_version(db, old, titles=[[r["id"], r["type"], r["title"]] for r in records])
        next_doc = max(doc for doc, _payload in stored.values()) + 1 if stored else 0
        docs = {rid: stored[rid][0] for rid in changed} | {rid: next_doc + i for i, rid in enumerate(added)}
        _drop_docs(db, version, [stored[rid][0] for rid in changed + removed])
        _add_records(db, version, [(docs[rid], wanted[rid]) for rid in changed + added])
        _update_vectors(db, version, {docs[rid]: wanted[rid] for rid in changed + added},
                        [stored[rid][0] for rid in removed], next_doc + len(added), vector_cache)
        db.execute("UPDATE versions SET doc_count = %s, info = info || %s WHERE id = %s",
                   (next_doc + len(added), Jsonb({"records": len(wanted), "synced": counts}), version))
        db.execute("UPDATE current SET version = %s", (version,))
        db.execute("DELETE FROM versions WHERE id <= %s", (version - KEEP_VERSIONS,))
    return {**counts, "version": version}


def _update_vectors(db, version: int, numbered: dict[int, dict], removed: list[int], count: int,
                    cache: Path | None) -> None:
    """The changed and added records' passage vectors, in a version that has vectors (removed: zeros).

    Without the embedding model the version keeps none, rather than vectors of the old texts."""
    (blob,) = db.execute("SELECT vectors FROM versions WHERE id = %s", (version,)).fetchone()
    if blob is None:
        return
    matrix = vectors.from_bytes(bytes(blob))
    grown = np.zeros((count, matrix.shape[1]), dtype=np.float32)
    grown[:len(matrix)] = matrix
    grown[removed] = 0
    try:
        if numbered:
            cache = cache or Path(tempfile.mkdtemp())
            grown[list(numbered)] = vectors.compute(list(numbered.values()), cache)
        blob = vectors.to_bytes(grown)
    except EmbeddingUnavailable:
        blob = None
    db.execute("UPDATE versions SET vectors = %s WHERE id = %s", (blob, version))


def _payload(record: dict) -> dict:
    return json.loads(json.dumps({k: v for k, v in record.items() if k != "fields"}, ensure_ascii=False))


def _copy_version(db, old: int, titles: list) -> int:
    version = db.execute("INSERT INTO versions (info, lexicon, titles, doc_count, field_lengths, vectors) "
                         "SELECT info, lexicon, %s, doc_count, field_lengths, vectors FROM versions "
                         "WHERE id = %s RETURNING id", (Jsonb(titles), old)).fetchone()[0]
    for table, columns in (("postings", "field, term, docs, weights"), ("positions", "term, positions"),
                           ("records", "doc, id, payload, lengths")):
        db.execute(f"INSERT INTO {table} (version, {columns}) "  # noqa: S608 - names from this module
                   f"SELECT %s, {columns} FROM {table} WHERE version = %s", (version, old))
    return version


def _drop_docs(db, version: int, docs: list[int]) -> None:
    """Take records out of every posting list, position list and field length of a version."""
    if not docs:
        return
    gone = set(docs)
    rows = db.execute("SELECT field, term, docs, weights FROM postings "
                      "WHERE version = %s AND docs && %s::int[]", (version, docs)).fetchall()
    for field, term, ids, weights in rows:
        kept = [(d, w) for d, w in zip(ids, weights, strict=True) if d not in gone]
        _write_postings(db, version, field, term, kept)
    db.execute("UPDATE positions SET positions = positions - %s::text[] WHERE version = %s",
               ([str(d) for d in docs], version))
    old_lengths = db.execute("SELECT lengths FROM records WHERE version = %s AND doc = ANY(%s::int[])",
                             (version, docs)).fetchall()
    _add_lengths(db, version, old_lengths, sign=-1)
    db.execute("DELETE FROM records WHERE version = %s AND doc = ANY(%s::int[])", (version, docs))


def _add_records(db, version: int, numbered: list[tuple[int, dict]]) -> None:
    """Analyse records as the index does and add them to a version's lists."""
    schema, entries, positions, lengths = build_schema(), {}, {}, []
    for doc, record in numbered:
        length = dict.fromkeys(SCORED_FIELDS, 0)
        for name, value in document_fields(record).items():
            field = schema[name]
            for term, freq, weight, encoded in field.index(value):
                text = term.decode()
                entries.setdefault((name, text), []).append((doc, weight))
                if name == POSITIONS_FIELD:
                    positions.setdefault(text, {})[str(doc)] = field.format.decode_positions(encoded)
                length[name] = length.get(name, 0) + (freq if field.scorable else 0)
        measured = [float(byte_to_length(length_to_byte(length[f]))) for f in SCORED_FIELDS]
        lengths.append((measured,))
        db.execute("INSERT INTO records (version, doc, id, payload, lengths) VALUES (%s, %s, %s, %s, %s)",
                   (version, doc, record["id"], Jsonb(_payload(record)), measured))
    for (field, term), added in entries.items():
        row = db.execute("SELECT docs, weights FROM postings WHERE version = %s AND field = %s AND term = %s",
                         (version, field, term)).fetchone()
        current = list(zip(*row, strict=True)) if row else []
        _write_postings(db, version, field, term, sorted(current + added))
    for term, where in positions.items():
        db.execute("INSERT INTO positions (version, term, positions) VALUES (%s, %s, %s) ON CONFLICT "
                   "(version, term) DO UPDATE SET positions = positions.positions || EXCLUDED.positions",
                   (version, term, Jsonb(where)))
    _add_lengths(db, version, lengths, sign=1)


def _write_postings(db, version: int, field: str, term: str, pairs: list) -> None:
    if not pairs:
        db.execute("DELETE FROM postings WHERE version = %s AND field = %s AND term = %s",
                   (version, field, term))
        return
    docs, weights = [d for d, _ in pairs], [w for _, w in pairs]
    db.execute("INSERT INTO postings (version, field, term, docs, weights) VALUES (%s, %s, %s, %s, %s) "
               "ON CONFLICT (version, field, term) DO UPDATE "
               "SET docs = EXCLUDED.docs, weights = EXCLUDED.weights",
               (version, field, term, docs, weights))


def _add_lengths(db, version: int, rows: list, sign: int) -> None:
    totals = db.execute("SELECT field_lengths FROM versions WHERE id = %s", (version,)).fetchone()[0]
    for (lengths,) in rows:
        for field, length in zip(SCORED_FIELDS, lengths, strict=True):
            totals[field] = totals.get(field, 0) + sign * (length or 0)
    db.execute("UPDATE versions SET field_lengths = %s WHERE id = %s", (Jsonb(totals), version))
