"""Building the index beside the one in use and swapping it in atomically.

Layout under the index directory:

    current -> builds/20261123T101500123456-x1y2   a symlink, replaced atomically
    builds/20261123T101500123456-x1y2/             Whoosh files and BUILD.json

A build writes a new folder, reads back every posting that stores positions
(`indexer.postings`), and only then points `current` at it, so a reader sees
the old index or the new complete one; a build that fails, or whose postings
cannot be read back, leaves `current` where it was. BUILD.json is written last: a folder without it is
not a finished build and is never opened.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import pickle
import shutil
import struct
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index

from indexer.fields import build_schema, document_fields
from indexer.postings import check_postings

MARKER = "BUILD.json"
CURRENT = "current"  # the link to the build in use
TITLES = "titles.json"  # every record's id, type and title, for suggestions as you type
KEEP_BUILDS = 2
# Two writer processes (the machine's cores), each with 1 GB for postings before it spills
# to disk: 100k records index in 41 s instead of 50 s (256 MB) and 110 s (one process).
# A small corpus is written by one (a second writer could get no document at all).
WRITER_PROCESSES = 2
PARALLEL_FROM = 5000  # records
WRITER_MB = 1024


class IndexUnavailable(RuntimeError):
    """No finished index where one was expected; the message says what to run."""


class DatabaseUnavailable(IndexUnavailable):
    """The database cannot be reached or has no version loaded; the message says which."""


def write_index(root: Path, records: Iterable[dict], total: int | None = None,
                progress: bool = True, extra: dict | None = None,
                finish: Callable[[Path, object], dict] | None = None) -> dict:
    """Index `records` into a new build under `root`, swap it in, and return its BUILD info.

    `finish(folder, ix)`, when given, adds files to the build before it is marked
    finished, and returns figures for BUILD.json.
    """
    started = time.perf_counter()
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{datetime.now():%Y%m%dT%H%M%S%f}-", dir=builds))
    try:
        counts = _write(folder, records, total, progress)
        ix = whoosh_index.open_dir(folder)
        # Postings are read back in a second process while `finish` compiles the lexicon here.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            checked = pool.submit(_check_postings_in, folder)
            if finish:
                extra = {**(extra or {}), **finish(folder, ix)}
            postings = checked.result()
        info = {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": round(time.perf_counter() - started, 2),
            "records": sum(counts.values()),
            "types": dict(sorted(counts.items())),
            "bytes": sum(f.stat().st_size for f in folder.iterdir()),
            "postings_checked": postings,
            **(extra or {}),
        }
        (folder / MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=1), "utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _point_current(root, folder)
    _remove_old_builds(builds, keep=folder)
    return info


def _write(folder: Path, records: Iterable[dict], total: int | None, progress: bool) -> Counter:
    ix = whoosh_index.create_in(folder, build_schema())
    # A large corpus keeps its segment files apart, not in one compound file: a reader then reads
    # them from disk instead of copying each into memory (a worker at 100k records: 272 MB, not
    # 554 MB). whoosh-ng cannot read a small segment so written (its postings file is empty), so
    # a small corpus keeps the compound file; the check below opens every build either way.
    parallel = (total or 0) >= PARALLEL_FROM
    writer = ix.writer(limitmb=WRITER_MB, procs=WRITER_PROCESSES if parallel else 1, multisegment=True,
                       compound=not parallel)
    counts: Counter = Counter()
    try:
        for record in tqdm(records, total=total, desc="indexing", unit="rec", disable=not progress):
            payload = {k: v for k, v in record.items() if k != "fields"}
            writer.add_document(**document_fields(record), payload=payload)
            counts[record["type"]] += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return counts


def _check_postings_in(folder: Path) -> int:
    return check_postings(whoosh_index.open_dir(folder))


def write_titles(folder: Path, records: Iterable[dict]) -> None:
    titles = [[r["id"], r["type"], r["title"]] for r in records]
    (folder / TITLES).write_text(json.dumps(titles, ensure_ascii=False), "utf-8")


def _point_current(root: Path, folder: Path) -> None:
    link = root / CURRENT
    temporary = root / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(folder.relative_to(root))
    os.replace(temporary, link)


def _remove_old_builds(builds: Path, keep: Path) -> None:
    """Keep the newest finished builds (a reader may still hold the previous one open)."""
    finished = sorted(p for p in builds.iterdir() if (p / MARKER).exists())
    unfinished = [p for p in builds.iterdir() if not (p / MARKER).exists() and p != keep]
    for old in finished[:-KEEP_BUILDS] + unfinished:
        shutil.rmtree(old, ignore_errors=True)


def current_build(root: Path) -> Path:
    """The folder of the index in use; IndexUnavailable when there is no finished one."""
    folder = root / CURRENT
    if not folder.exists():
        raise IndexUnavailable(f"no index in {root}: build one with 'python -m indexer build'")
    folder = folder.resolve()
    if not (folder / MARKER).exists():
        raise IndexUnavailable(f"the index in {folder} is not a finished build: "
                               "rebuild it with 'python -m indexer build'")
    return folder


def open_index(root: Path):
    """The Whoosh index in use, and its BUILD info."""
    folder = current_build(root)
    info = json.loads((folder / MARKER).read_text("utf-8"))
    with warnings.catch_warnings():
        # Whoosh leaves open the file it failed to read; it is closed when the error goes.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return whoosh_index.open_dir(folder), info
        except (whoosh_index.IndexError, OSError, EOFError, ValueError, struct.error,
                pickle.UnpicklingError) as error:
            problem = f"{type(error).__name__}: {error}"
        gc.collect()
    raise IndexUnavailable(f"the index in {folder} cannot be read ({problem}): "
                           "rebuild it with 'python -m indexer build'")
