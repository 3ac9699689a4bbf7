"""Building the index beside the one in use and swapping it in atomically.

Layout under the index directory:

    current -> builds/20261123T101500123456Z-x1y2   a symlink, replaced atomically
    builds/20261123T101500123456Z-x1y2/             Whoosh files, lexicon, titles and BUILD.json
    .build.lock                                     held by the build running (its pid inside)

One build runs at a time (`build_lock`): a second one stops at once, naming the first's pid.
A build writes a new folder (named by its start in UTC), reads back every posting that stores
positions (`indexer.postings`), and only then points `current` at it, so a reader sees the old
index or the new complete one; a build that fails, whose postings cannot be read back, or that
has far fewer records than the build in use (unless allowed), leaves `current` where it was.
BUILD.json is written last: a folder without it is not a finished build and is never opened.
Folders are 0755 and files 0644 whatever the umask, for a server running as another user.

Old builds are pruned by what they say of themselves: the build in use and the newest finished
one before it (by the finish time in BUILD.json) are kept; a folder whose name is not a build's
is never touched, only reported.
"""

from __future__ import annotations

import fcntl
import gc
import itertools
import json
import multiprocessing
import os
import pickle
import re
import shutil
import struct
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index

from indexer.fields import build_schema, document_fields
from indexer.postings import check_postings
from query.lexicon import FILE as LEXICON

MARKER = "BUILD.json"
CURRENT = "current"  # the link to the build in use
TITLES = "titles.json"  # every record's id, type and title, for suggestions as you type
LOCK = ".build.lock"
KEEP_BUILDS = 2  # the build in use and the one before it (a reader may still hold that open)
# A build's folder: its start in UTC ("Z"; builds before 2026-12 have local time and no Z).
BUILD_NAME = re.compile(r"\d{8}T\d{12}Z?-[a-z0-9_]+")
FOLDER_MODE, FILE_MODE = 0o755, 0o644
SHRINK_LIMIT = 0.9  # a build with fewer than this share of the records in use (or of one type) stops
REBUILD = "rebuild it with 'python -m indexer build'"
# Two writer processes (the machine's cores), each with 1 GB for postings before it spills
# to disk: 100k records index in 41 s instead of 50 s (256 MB) and 110 s (one process).
# A small corpus is written by one (a second writer could get no document at all).
WRITER_PROCESSES = 2
PARALLEL_FROM = 5000  # records
WRITER_MB = 1024


class IndexUnavailable(RuntimeError):
    """No readable finished index where one was expected; the message says what to run and
    names no absolute path (the web shows it)."""


class DatabaseUnavailable(IndexUnavailable):
    """The database cannot be reached or has no version loaded; the message says which."""


class BuildRefused(RuntimeError):
    """A build that stopped without touching the index in use; the message says why and what to do."""


# What reading a damaged build raises (beside IndexUnavailable).
DAMAGE = (whoosh_index.IndexError, OSError, EOFError, ValueError, KeyError, TypeError, struct.error,
          pickle.UnpicklingError)
_held = threading.local()  # the index directories whose lock this thread holds


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the build lock of `root` (again, if this thread holds it already); BuildRefused at
    once while another build holds it, naming its pid: a second build right after would
    index the same corpus again, and two at once need twice the memory."""
    root = Path(root)
    _make_dirs(root)
    key = os.path.realpath(root)
    held = getattr(_held, "roots", None)
    if held is None:
        held = _held.roots = set()
    if key in held:
        yield
        return
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").split() or ["unknown"]
            since = f", started {holder[1]}" if len(holder) > 1 else ""
            raise BuildRefused(f"another build is running (pid {holder[0]}{since}); nothing was changed: "
                               "wait for it to finish, then build again if the corpus changed since it "
                               "started") from None
        os.fchmod(fd, FILE_MODE)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}\n".encode(), 0)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
    finally:
        os.close(fd)  # releases the lock


def write_index(root: Path, records: Iterable[dict], total: int | None = None,
                progress: bool = True, extra: dict | None = None,
                finish: Callable[[Path, object], dict] | None = None, allow_shrink: bool = False) -> dict:
    """Index `records` into a new build under `root`, swap it in, and return its BUILD info
    (with `warnings`, when there are any, about folders left alone).

    `finish(folder, ix)`, when given, adds files to the build before it is marked
    finished, and returns figures for BUILD.json. BuildRefused when another build is running,
    or when the build would have far fewer records than the one in use and not `allow_shrink`.
    """
    started = time.perf_counter()
    with build_lock(root):
        counted = isinstance(records, Sequence)
        if counted and not allow_shrink:  # refused before any work
            check_shrink(root, Counter(r["type"] for r in records))
        builds = root / "builds"
        _make_dirs(builds)
        folder = Path(tempfile.mkdtemp(prefix=f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}Z-", dir=builds))
        try:
            folder.chmod(FOLDER_MODE)
            counts = _write(folder, records, total, progress)
            if not counted and not allow_shrink:
                check_shrink(root, counts)
            info = _finish(folder, counts, started, extra, finish)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _point_current(root, folder)
        left_alone = remove_old_builds(root)
    return {**info, "warnings": left_alone} if left_alone else info


def _finish(folder: Path, counts: Counter, started: float, extra: dict | None,
            finish: Callable[[Path, object], dict] | None) -> dict:
    """Read the postings back while `finish` adds its files, make every file readable by all, and
    mark the build finished: its BUILD.json, written last."""
    ix = whoosh_index.open_dir(folder)
    # Postings are read back in a second process while `finish` compiles the lexicon here.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        checked = pool.submit(_check_postings_in, folder)
        if finish:
            extra = {**(extra or {}), **finish(folder, ix)}
        postings = checked.result()
    files = _publish(folder)
    info = {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "finished_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "seconds": round(time.perf_counter() - started, 2),
        "records": sum(counts.values()),
        "types": dict(sorted(counts.items())),
        "bytes": sum(files.values()),
        "files": files,
        "postings_checked": postings,
        **(extra or {}),
    }
    (folder / MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=1), "utf-8")
    (folder / MARKER).chmod(FILE_MODE)
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


def _make_dirs(folder: Path) -> None:
    """Create `folder` and its missing parents, each 0755."""
    for missing in reversed([p for p in (folder, *folder.parents) if not p.exists()]):
        missing.mkdir(exist_ok=True)
        missing.chmod(FOLDER_MODE)


def _publish(folder: Path) -> dict[str, int]:
    """Make the build's files readable by all (0644); each file's size, for `open_index` to check."""
    files = {}
    for path in sorted(folder.iterdir()):
        path.chmod(FOLDER_MODE if path.is_dir() else FILE_MODE)
        if path.is_file() and not path.name.endswith("WRITELOCK"):  # Whoosh's empty lock file
            files[path.name] = path.stat().st_size
    return files


def check_shrink(root: Path, counts: Mapping[str, int]) -> None:
    """BuildRefused when `counts` (records per type) fall below SHRINK_LIMIT of the build in use's,
    in all or in any one type; nothing to compare with (no readable build in use) passes."""
    try:
        before = json.loads((current_build(root) / MARKER).read_text("utf-8"))["types"]
    except (IndexUnavailable, *DAMAGE):
        return
    if not isinstance(before, dict):
        return
    total_before, total_after = sum(before.values()), sum(counts.values())
    shrunk = [t for t, n in before.items() if counts.get(t, 0) < SHRINK_LIMIT * n]
    if not shrunk and total_after >= SHRINK_LIMIT * total_before:
        return
    per_type = ", ".join(_change(t, before.get(t, 0), counts.get(t, 0)) for t in sorted({*before, *counts}))
    raise BuildRefused(f"this build has far fewer records than the one in use, so it was not swapped in "
                       f"(records per type, in use → now: {per_type}; "
                       f"{_change('total', total_before, total_after)}). Is a corpus file emptied, cut "
                       "short or missing? If the records were removed on purpose, run "
                       "'python -m indexer build --allow-shrink'")


def _change(name: str, before: int, after: int) -> str:
    shrunk = after < SHRINK_LIMIT * before
    return f"{name} {before} → {after}" + (f" ({after / before:.0%})" if shrunk else "")


def _point_current(root: Path, folder: Path) -> None:
    link = root / CURRENT
    temporary = root / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(folder.relative_to(root))
    os.replace(temporary, link)


def remove_old_builds(root: Path) -> list[str]:
    """Keep the build in use and the newest KEEP_BUILDS - 1 other finished ones (by the finish
    time their BUILD.json gives); remove the rest of ours, and our unfinished or damaged
    leftovers (no build is running: the caller holds the lock). What is not ours is left alone,
    and said so: the list returned."""
    builds, in_use = (root / "builds").resolve(), _in_use(root)
    finished, left_alone = [], []
    for path in sorted(builds.iterdir()):
        if path == in_use:
            continue
        if path.is_symlink() or not path.is_dir() or not BUILD_NAME.fullmatch(path.name):
            left_alone.append(f"builds/{path.name} is not one of our builds (by its name), so it was left "
                              "alone: move it out of the builds folder")
        elif (finished_at := _finished_at(path)) is None:
            shutil.rmtree(path, ignore_errors=True)
        else:
            finished.append((finished_at, path.name, path))
    for _when, _name, old in sorted(finished, reverse=True)[KEEP_BUILDS - 1:]:
        shutil.rmtree(old, ignore_errors=True)
    return left_alone


def _in_use(root: Path) -> Path | None:
    try:
        return (root / CURRENT).resolve(strict=True)
    except OSError:
        return None


def _finished_at(folder: Path) -> datetime | None:
    """When a build finished, from its BUILD.json (None: unfinished, unreadable, or a file of it
    missing or of another size than it was built with)."""
    try:
        info = json.loads((folder / MARKER).read_text("utf-8"))
        if any((folder / file).stat().st_size != size for file, size in info.get("files", {}).items()):
            return None
        if "finished_at" in info:
            return datetime.fromisoformat(info["finished_at"])
        return datetime.strptime(info["built_at"], "%Y-%m-%dT%H:%M:%S%z")  # builds before finished_at
    except (*DAMAGE, AttributeError):
        return None


def current_build(root: Path) -> Path:
    """The folder of the index in use; IndexUnavailable when there is no finished one."""
    link = Path(root) / CURRENT
    if not link.is_symlink() and not link.exists():
        raise IndexUnavailable("no index has been built yet: build one with 'python -m indexer build'")
    folder = link.resolve()
    name = _name(root, folder)
    if not folder.is_dir():
        raise IndexUnavailable(f"the build in use ({name}) is gone: {REBUILD}")
    if not (folder / MARKER).exists():
        raise IndexUnavailable(f"the build in use ({name}) is not a finished build: {REBUILD}")
    return folder


def open_index(root: Path):
    """The Whoosh index in use, and its BUILD info (with `build`, its folder's name).

    IndexUnavailable when the build is damaged: its BUILD.json, lexicon.json or titles.json
    missing or unreadable, a file it was built with missing or of another size, or its
    index unreadable (it is opened and the first and last stored record and a posting list
    of each segment read). About a millisecond at 1.7k records.
    """
    folder = current_build(root)
    name = _name(root, folder)
    with warnings.catch_warnings():
        # Whoosh leaves open the file it failed to read; it is closed when the error goes.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            info = _read_info(folder)
            _check_files(folder, info)
            ix = whoosh_index.open_dir(folder)
            _read_some(ix)
            return ix, {**info, "build": folder.name}
        except _Damaged as error:
            problem = str(error)
        except DAMAGE as error:
            problem = f"its index files cannot be read ({_plain(error)})"
        gc.collect()
    raise IndexUnavailable(f"the build in use ({name}) is damaged: {problem}: {REBUILD}")


class _Damaged(Exception):
    """What is wrong with a build, in words."""


def _read_info(folder: Path) -> dict:
    try:
        info = json.loads((folder / MARKER).read_text("utf-8"))
    except DAMAGE as error:
        raise _Damaged(f"its {MARKER} cannot be read ({_plain(error)})") from None
    if not isinstance(info, dict) or not isinstance(info.get("records"), int) or "built_at" not in info:
        raise _Damaged(f"its {MARKER} is not a build's (no records or built_at)")
    return info


def _check_files(folder: Path, info: dict) -> None:
    """Every file the build was written with is there with its size, and lexicon and titles look
    whole; a build from before sizes were kept has its lexicon and titles parsed instead (40 ms)."""
    sizes = info.get("files")
    for file, size in (sizes or {LEXICON: None, TITLES: None}).items():
        try:
            found = (folder / file).stat().st_size
        except OSError:
            raise _Damaged(f"{file} is missing") from None
        if size is not None and found != size:
            raise _Damaged(f"{file} has {found} bytes, not the {size} it was built with")
    for file, ends in ((LEXICON, b"{}"), (TITLES, b"[]")):
        if sizes is None:
            try:
                json.loads((folder / file).read_text("utf-8"))
            except DAMAGE as error:
                raise _Damaged(f"{file} cannot be read ({_plain(error)})") from None
        elif file in sizes and _ends(folder / file) != ends:
            raise _Damaged(f"{file} is not JSON of the kind it was built with")


def _ends(path: Path) -> bytes:
    """The first and last byte of a file."""
    with path.open("rb") as f:
        first = f.read(1)
        f.seek(-1, os.SEEK_END)
        return first + f.read(1)


def _read_some(ix) -> None:
    """Read the first and last stored record and the first posting list of every segment."""
    with ix.reader() as reader:
        for leaf, _offset in reader.leaf_readers():
            last = leaf.doc_count_all() - 1
            for docnum in {0, last} if last >= 0 else ():
                leaf.stored_fields(docnum)
            for field, text in itertools.islice(leaf.all_terms(), 1):
                list(leaf.postings(field, text).all_ids())


def _name(root: Path, folder: Path) -> str:
    """A build's folder as the operator sees it under the index directory (never an absolute path)."""
    try:
        return str(folder.relative_to(Path(root).resolve()))
    except ValueError:
        return folder.name


ABSOLUTE_PATH = re.compile(r"(?<![\w.~])/(?:[^\s'\"/]+/)*([^\s'\"/]*)")


def _plain(error: BaseException) -> str:
    """An error as `Type: message`, any absolute path in it cut to its last part.

    >>> _plain(FileNotFoundError(2, "No such file or directory", "/srv/index/builds/x/y.seg"))
    'FileNotFoundError: No such file or directory: y.seg'
    """
    if isinstance(error, OSError) and error.filename:
        text = f"{error.strerror}: {Path(error.filename).name}"
    else:
        text = str(error)
    return f"{type(error).__name__}: " + ABSOLUTE_PATH.sub(r"\1", text)
