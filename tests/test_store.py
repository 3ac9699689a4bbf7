import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh.query import Term

from indexer import store
from indexer.store import (
    CURRENT,
    MARKER,
    TITLES,
    BuildRefused,
    IndexUnavailable,
    build_lock,
    current_build,
    open_index,
    remove_old_builds,
    write_index,
)
from query.lexicon import FILE as LEXICON
from tests.conftest import PROJECT


def record(rid="r1", title="Kirjasto", kind="guidance"):
    return {"id": rid, "type": kind, "title": title, "text": title, "units": [],
            "fields": {"title": title, "body": "", "names": ""}}


def with_lexicon(folder, ix):
    """What `indexer.build` adds to a build: a lexicon and the titles."""
    (folder / LEXICON).write_text(json.dumps({"tables": {}, "words": {}}), "utf-8")
    (folder / TITLES).write_text(json.dumps([["r1", "guidance", "Kirjasto"]]), "utf-8")
    return {"lexicon": {}}


def builds(root):
    return sorted(p.name for p in (root / "builds").iterdir())


def test_build_swaps_in_and_keeps_two(tmp_path):
    first = write_index(tmp_path, [record()], progress=False)
    folder = current_build(tmp_path)
    second = write_index(tmp_path, [record(), record("r2")], progress=False)
    assert first["records"] == 1 and second["records"] == 2
    assert current_build(tmp_path) != folder
    ix, info = open_index(tmp_path)
    assert ix.doc_count() == 2 and info["types"] == {"guidance": 2}
    write_index(tmp_path, [record(), record("r2")], progress=False)
    assert len(builds(tmp_path)) == 2 and folder.name not in builds(tmp_path)


def test_failed_build_leaves_the_old_index_serving(tmp_path):
    write_index(tmp_path, [record()], progress=False)
    before = current_build(tmp_path)

    def broken():
        yield record()
        raise RuntimeError("corpus went away")

    with pytest.raises(RuntimeError):
        write_index(tmp_path, broken(), progress=False)
    assert current_build(tmp_path) == before
    assert [p for p in (tmp_path / "builds").iterdir()] == [before]


@pytest.fixture
def time_zone():
    """Set the process's time zone (TZ) for a test; restored after it."""
    before = os.environ.get("TZ")

    def set_zone(zone):
        os.environ["TZ"] = zone
        time.tzset()

    yield set_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_a_build_in_another_time_zone_keeps_the_index_it_swapped_in(tmp_path, time_zone):
    time_zone("Europe/Helsinki")
    write_index(tmp_path, [record()], progress=False)
    write_index(tmp_path, [record()], progress=False)
    second = current_build(tmp_path).name
    time_zone("UTC")  # a build from cron, or another shell, two hours "earlier" by the local clock
    write_index(tmp_path, [record(), record("r2")], progress=False)
    ix, info = open_index(tmp_path)
    assert ix.doc_count() == 2 and info["build"] in builds(tmp_path)
    assert builds(tmp_path) == sorted([second, info["build"]])
    assert all(name.split("-")[0].endswith("Z") for name in builds(tmp_path)), "named in UTC"


def test_a_relative_index_directory_keeps_the_build_before_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for _ in range(3):
        write_index(Path("var/index"), [record()], progress=False)
    assert len(builds(tmp_path / "var" / "index")) == 2


def test_old_builds_go_by_their_finish_time_not_their_name(tmp_path):
    write_index(tmp_path, [record()], progress=False)
    oldest = current_build(tmp_path)
    write_index(tmp_path, [record()], progress=False)
    middle = current_build(tmp_path).name
    # A build named in local time ahead of UTC, as builds were before: its name sorts last.
    renamed = oldest.with_name("29991231T235959999999-oldlocal")
    oldest.rename(renamed)
    write_index(tmp_path, [record()], progress=False)
    assert builds(tmp_path) == sorted([middle, current_build(tmp_path).name])


def test_a_stray_folder_is_left_alone_said_so_and_never_costs_a_build(tmp_path):
    write_index(tmp_path, [record()], progress=False)
    stray = tmp_path / "builds" / "backup-before-upgrade"
    shutil.copytree(current_build(tmp_path), stray)  # a finished build's copy, by hand
    (tmp_path / "builds" / "notes.txt").write_text("x")
    first = current_build(tmp_path).name
    info = write_index(tmp_path, [record()], progress=False)
    assert first in builds(tmp_path), "the previous build is kept"
    assert {"backup-before-upgrade", "notes.txt"} <= set(builds(tmp_path))
    assert info["warnings"] == [
        "builds/backup-before-upgrade is not one of our builds (by its name), so it was left alone: "
        "move it out of the builds folder",
        "builds/notes.txt is not one of our builds (by its name), so it was left alone: "
        "move it out of the builds folder"]
    write_index(tmp_path, [record()], progress=False)
    assert len(builds(tmp_path)) == 4, "two builds, and the two strays"
    assert "warnings" not in json.loads((current_build(tmp_path) / MARKER).read_text("utf-8"))


def test_the_build_in_use_is_never_pruned_and_leftovers_of_ours_are(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "KEEP_BUILDS", 3)
    for _ in range(3):
        write_index(tmp_path, [record()], progress=False)
    monkeypatch.setattr(store, "KEEP_BUILDS", 2)
    oldest, middle, newest = builds(tmp_path)
    # An operator rolled back by hand to the oldest build; a failed build left a folder behind.
    (tmp_path / "link").symlink_to(f"builds/{oldest}")
    os.replace(tmp_path / "link", tmp_path / CURRENT)
    (tmp_path / "builds" / "20261201T000000000000Z-leftover").mkdir()
    assert remove_old_builds(tmp_path) == []
    assert builds(tmp_path) == [oldest, newest]
    assert open_index(tmp_path)[1]["build"] == oldest


def test_a_rebuild_after_a_damaged_build_keeps_the_last_good_one(tmp_path):
    write_index(tmp_path, [record()], progress=False, finish=with_lexicon)
    good = current_build(tmp_path).name  # what a web process goes on serving
    write_index(tmp_path, [record()], progress=False, finish=with_lexicon)
    DAMAGES["truncated segment"](current_build(tmp_path))
    write_index(tmp_path, [record()], progress=False, finish=with_lexicon)
    assert builds(tmp_path) == sorted([good, current_build(tmp_path).name])


def test_folders_and_files_are_readable_by_all_whatever_the_umask(tmp_path):
    before = os.umask(0o077)
    try:
        write_index(tmp_path / "var" / "index", [record()], progress=False, finish=with_lexicon)
    finally:
        os.umask(before)
    root = tmp_path / "var" / "index"
    folder = current_build(root)
    for path in (tmp_path / "var", root, root / "builds", folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o755, path
    for path in [*folder.iterdir(), root / store.LOCK]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


HOLD_LOCK = """
import sys
from pathlib import Path
from indexer.store import build_lock
with build_lock(Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_a_second_build_stops_at_once_naming_the_running_ones_pid(tmp_path):
    write_index(tmp_path, [record()], progress=False)
    before = current_build(tmp_path)
    other = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, cwd=PROJECT,
                             env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        assert other.stdout.readline() == "holding\n"
        with pytest.raises(BuildRefused, match=rf"another build is running \(pid {other.pid}, started "):
            write_index(tmp_path, [record()], progress=False)
    finally:
        other.communicate("")
    assert current_build(tmp_path) == before and builds(tmp_path) == [before.name]
    write_index(tmp_path, [record()], progress=False)  # once it is done, a build runs
    assert current_build(tmp_path) != before


def test_a_build_in_another_thread_is_refused_while_one_runs(tmp_path):
    holding, done = threading.Event(), threading.Event()

    def first_build():
        with build_lock(tmp_path):
            holding.set()
            done.wait(10)

    thread = threading.Thread(target=first_build)
    thread.start()
    try:
        assert holding.wait(10)
        with pytest.raises(BuildRefused, match=rf"another build is running \(pid {os.getpid()}"):
            write_index(tmp_path, [record()], progress=False)
    finally:
        done.set()
        thread.join()
    with build_lock(tmp_path), build_lock(tmp_path):  # the thread holding it may take it again
        write_index(tmp_path, [record()], progress=False)


def test_a_build_with_far_fewer_records_is_not_swapped_in(tmp_path):
    services = [record(f"s{i}", kind="service") for i in range(20)]
    write_index(tmp_path, [*services, record()], progress=False)
    before = current_build(tmp_path)
    with pytest.raises(BuildRefused) as refused:
        write_index(tmp_path, [*services[:10], record()], progress=False)
    assert str(refused.value) == (
        "this build has far fewer records than the one in use, so it was not swapped in (records per "
        "type, in use → now: guidance 1 → 1, service 20 → 10 (50%); total 21 → 11 (52%)). Is a corpus "
        "file emptied, cut short or missing? If the records were removed on purpose, run "
        "'python -m indexer build --allow-shrink'")
    with pytest.raises(BuildRefused, match=r"guidance 1 → 0 \(0%\), service 20 → 20; total 21 → 20\)"):
        write_index(tmp_path, (r for r in services), progress=False)  # counted as they are written
    assert current_build(tmp_path) == before and builds(tmp_path) == [before.name]
    info = write_index(tmp_path, services[:10], progress=False, allow_shrink=True)
    assert info["records"] == 10 and open_index(tmp_path)[0].doc_count() == 10


def test_missing_index_says_what_to_run(tmp_path):
    with pytest.raises(IndexUnavailable, match="no index has been built yet: build one with "
                                               "'python -m indexer build'"):
        open_index(tmp_path)


def test_half_built_index_is_never_opened(tmp_path):
    write_index(tmp_path, [record()], progress=False)
    (current_build(tmp_path) / MARKER).unlink()
    with pytest.raises(IndexUnavailable, match="not a finished build"):
        open_index(tmp_path)


def truncate(folder, pattern):
    for path in folder.glob(pattern):
        os.truncate(path, path.stat().st_size // 2)


DAMAGES = {
    "corrupt BUILD.json": lambda f: (f / MARKER).write_text('{"records": 1, "built'),
    "BUILD.json of another shape": lambda f: (f / MARKER).write_text("[]"),
    "truncated segment": lambda f: truncate(f, "*.seg"),
    "garbage table of contents": lambda f: [p.write_bytes(b"garbage") for p in f.glob("_MAIN_*.toc")],
    "corrupt lexicon.json": lambda f: (f / LEXICON).write_text("{not json"),
    "missing lexicon.json": lambda f: (f / LEXICON).unlink(),
    "missing titles.json": lambda f: (f / TITLES).unlink(),
}
SAYS = {
    "corrupt BUILD.json": "its BUILD.json cannot be read (JSONDecodeError: Unterminated string",
    "BUILD.json of another shape": "its BUILD.json is not a build's",
    "truncated segment": "bytes, not the",
    "garbage table of contents": "_MAIN_1.toc has 7 bytes, not the",
    "corrupt lexicon.json": "lexicon.json has 9 bytes, not the 27 it was built with",
    "missing lexicon.json": "lexicon.json is missing",
    "missing titles.json": "titles.json is missing",
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_build_is_refused_saying_what_and_what_to_run(tmp_path, damage):
    write_index(tmp_path, [record()], progress=False, finish=with_lexicon)
    folder = current_build(tmp_path)
    DAMAGES[damage](folder)
    with pytest.raises(IndexUnavailable) as error:
        open_index(tmp_path)
    message = str(error.value)
    assert message.startswith(f"the build in use (builds/{folder.name}) is damaged: ")
    assert SAYS[damage] in message and message.endswith("rebuild it with 'python -m indexer build'")
    assert str(tmp_path) not in message, "no server path: the web shows it"


@pytest.mark.parametrize("damage", ["corrupt lexicon.json", "truncated segment"])
def test_damage_is_found_in_a_build_without_recorded_sizes(tmp_path, damage):
    write_index(tmp_path, [record()], progress=False, finish=with_lexicon)
    folder = current_build(tmp_path)
    info = json.loads((folder / MARKER).read_text("utf-8"))
    del info["files"]  # as a build before this version wrote it
    (folder / MARKER).write_text(json.dumps(info))
    DAMAGES[damage](folder)
    with pytest.raises(IndexUnavailable, match="is damaged: .*(lexicon.json cannot be read|index files "
                                               "cannot be read)"):
        open_index(tmp_path)


def test_error_texts_lose_their_absolute_paths():
    error = OSError(2, "No such file or directory", "/srv/palveluhaku/var/index/builds/x/MAIN.seg")
    assert store._plain(error) == "FileNotFoundError: No such file or directory: MAIN.seg"
    assert store._plain(ValueError("cannot read '/srv/a/b.toc' now")) == "ValueError: cannot read 'b.toc' now"


def test_a_large_corpus_is_written_by_two_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PARALLEL_FROM", 100)
    words = ["kirjasto", "uimahalli", "neuvola", "päiväkoti", "nuorisotalo", "terveysasema"]
    records = [record(f"r{i}", " ".join(words[j % len(words)] for j in range(i, i + 40)))
               for i in range(1200)]
    info = write_index(tmp_path, records, total=len(records), progress=False)
    ix, _ = open_index(tmp_path)
    assert info["records"] == ix.doc_count() == 1200
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2, "one segment per writer process"
        assert len(searcher.search(Term("title", "neuvola"), limit=None)) == 1200
    ix.close()
