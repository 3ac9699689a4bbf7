"""`make bench`, the HTTP part: the app against the bare reference app, under wrk, per corpus size.

    python -m benchmarks.load [--records 1.7k,10k,100k] [--duration 8]

In: the corpus sizes (1.7k is the real corpus, corpus/data; another size N is a synthetic
corpus of about N records written by benchmarks.synthetic under var/bench/synthetic-N/),
the development and held-out queries (benchmarks/*_queries.yaml) and Debian's `wrk`.
For each size it builds the index with `python -m indexer build --quiet` (timed, its peak
RSS and size on disk measured), starts the app (`python -m search_app`) and the reference
app (benchmarks.reference_app, over the same records) on two free 127.0.0.1 ports, warms
both up, then drives each in turn with wrk (2 threads, 4 connections) on four workloads:

    search mix   the dev and held-out queries (q, lang), repeated
    distinct     thousands of 1-3 word combinations of those queries' words, per language,
                 each sent once while the list lasts
    suggest      /api/v1/suggest with 2-8 letter prefixes of those words
    page         the search page /?q= (the app only)

Out: a table per size on stdout: req/s, p50 and p99 of each app and their ratio app/ref,
non-2xx responses (5xx and 4xx apart) and socket errors, build time, index size, build
peak RSS and the gunicorn workers' RSS (VmRSS / VmHWM) after the load. Progress and
the paths that failed in the warm-up go to stderr; server logs to var/bench/logs/.
Every server it starts is stopped, on errors and Ctrl-C too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml

from benchmarks import synthetic
from indexer.pgstore import load_build
from search.postgresql import connect, current_version
from tests.pgcluster import Cluster, wait_until

PROJECT = Path(__file__).resolve().parents[1]
BENCH = PROJECT / "var" / "bench"
LUA = Path(__file__).resolve().parent / "wrk" / "rotate.lua"
QUERY_FILES = [PROJECT / "benchmarks" / "dev_queries.yaml", PROJECT / "benchmarks" / "heldout_queries.yaml"]
PY = sys.executable
REAL = "1.7k"
THREADS, CONNECTIONS = 2, 4
MAX_PER_THREAD = 200_000  # a bound on each wrk thread's responses, far above what the apps answer
BUILD_TIMEOUT = 3600
WORKLOADS = ("search mix", "distinct", "suggest", "page")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- The request paths ---------------------------------------------------------------------------


def load_queries(files=QUERY_FILES) -> list[tuple[str, str]]:
    """(q, lang) of every query of the query sets, in file order."""
    return [(item["q"], item["lang"]) for path in files
            for item in yaml.safe_load(path.read_text("utf-8"))["queries"]]


def words_by_language(queries: list[tuple[str, str]]) -> dict[str, list[str]]:
    words: dict[str, dict[str, None]] = {}
    for q, lang in queries:
        for word in q.split():
            word = word.strip(",.?!:;\"()")
            if word:
                words.setdefault(lang, {})[word] = None
    return {lang: list(found) for lang, found in words.items()}


def search_path(q: str, lang: str | None, route: str = "/api/v1/search") -> str:
    return f"{route}?{urlencode({'q': q, **({'lang': lang} if lang else {})}, quote_via=quote)}"


def combinations(words: list[str], count: int, rng: random.Random) -> list[str]:
    """Up to `count` distinct 1-3 word queries made of `words` (a bounded number of draws)."""
    found: dict[str, None] = {}
    for _ in range(count * 20):
        if len(found) >= count:
            break
        found[" ".join(rng.sample(words, rng.randint(1, min(3, len(words)))))] = None
    return list(found)


def distinct_paths(queries: list[tuple[str, str]], total: int, seed: int) -> list[str]:
    """About `total` distinct queries, per language in proportion to its queries, interleaved."""
    rng = random.Random(seed)
    shares = {lang: sum(1 for _, lg in queries if lg == lang) / len(queries) for _, lang in queries}
    per_language = {lang: combinations(words, round(total * shares[lang]) or 1, rng)
                    for lang, words in sorted(words_by_language(queries).items())}
    paths = []
    for rank in range(max(map(len, per_language.values()))):
        paths += [search_path(qs[rank], lang) for lang, qs in per_language.items() if rank < len(qs)]
    return paths


def suggest_paths(queries: list[tuple[str, str]], seed: int) -> list[str]:
    """Every 2-8 letter prefix of the queries' words, in a seeded order."""
    prefixes = {word[:n]: None for words in words_by_language(queries).values()
                for word in words for n in range(2, min(8, len(word)) + 1)}
    ordered = list(prefixes)
    random.Random(seed).shuffle(ordered)
    return [search_path(p, None, "/api/v1/suggest") for p in ordered]


def workload_paths(seed: int, distinct: int) -> dict[str, list[str]]:
    queries = load_queries()
    return {"search mix": [search_path(q, lang) for q, lang in queries],
            "distinct": distinct_paths(queries, distinct, seed),
            "suggest": suggest_paths(queries, seed),
            "page": [search_path(q, lang, "/") for q, lang in queries]}


# --- Corpus and index ----------------------------------------------------------------------------


def parse_size(label: str) -> int | None:
    """"1.7k" -> None (the real corpus); "10k" -> 10000; "2500" -> 2500."""
    if label == REAL:
        return None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(k?)", label)
    if not match:
        raise ValueError(f"not a corpus size: {label!r} (e.g. 1.7k, 10k, 100k)")
    return int(float(match[1]) * (1000 if match[2] else 1))


def run_measured(cmd: list[str], env: dict, out: Path, timeout: float) -> tuple[int, float, int]:
    """Run `cmd` in its own process group; (exit code, seconds, peak RSS in kB) from wait4."""
    started = time.perf_counter()
    with open(out, "wb") as output:
        proc = subprocess.Popen(cmd, env=env, cwd=PROJECT, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)
    timer = threading.Timer(timeout, lambda: _kill_group(proc.pid, signal.SIGKILL))
    timer.start()
    try:
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    except BaseException:
        _kill_group(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    finally:
        timer.cancel()
    return proc.returncode, time.perf_counter() - started, usage.ru_maxrss


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build_index(label: str, corpus_dir: Path, index_dir: Path) -> dict:
    """`python -m indexer build --quiet` of `corpus_dir` into `index_dir`; its figures.

    A synthetic corpus is built without passage vectors (its texts are new to the cache, and
    embedding 100k of them takes about two hours on one core): the semantic fallback is
    measured on the real corpus only."""
    env = {**os.environ, "PALVELUHAKU_CORPUS_DIR": str(corpus_dir), "PALVELUHAKU_INDEX_DIR": str(index_dir)}
    out = BENCH / "logs" / f"{label}-build.log"
    out.parent.mkdir(parents=True, exist_ok=True)
    log(f"[{label}] building the index of {corpus_dir.relative_to(PROJECT)} ...")
    vectors = [] if label == REAL else ["--no-vectors"]
    code, seconds, peak_kb = run_measured([PY, "-m", "indexer", "build", "--quiet", *vectors], env, out,
                                          BUILD_TIMEOUT)
    if code != 0:
        raise RuntimeError(f"index build failed (exit {code}); see {out}:\n{out.read_text()[-2000:]}")
    current = (index_dir / "current").resolve()
    info = json.loads((current / "BUILD.json").read_text("utf-8"))
    return {"records": info["records"], "seconds": seconds, "peak_rss_mb": peak_kb / 1024,
            "bytes": folder_bytes(current)}


def prepare(label: str, seed: int) -> tuple[Path, Path, dict]:
    """The corpus folder, the index folder and the build's figures for one size."""
    size = parse_size(label)
    if size is None:
        corpus_dir, index_dir, made = PROJECT / "corpus" / "data", BENCH / "real" / "index", {}
    else:
        base = BENCH / f"synthetic-{size}"
        corpus_dir, index_dir = base / "data", base / "index"
        started = time.perf_counter()
        made = synthetic.write(size, corpus_dir, seed)
        made = {"synthetic_seconds": time.perf_counter() - started, "synthetic": made["copies"]}
    return corpus_dir, index_dir, {**build_index(label, corpus_dir, index_dir), **made}


# --- Servers -------------------------------------------------------------------------------------


def _kill_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def free_ports(count: int) -> list[int]:
    """`count` distinct free TCP ports on 127.0.0.1."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    info: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serving(name: str, cmd: list[str], env: dict, port: int, label: str):
    """A server in its own process group, stopped (SIGTERM, then SIGKILL) when the block ends."""
    log_path = BENCH / "logs" / f"{label}-{name}.log"
    with open(log_path, "wb") as output:
        proc = subprocess.Popen(cmd, env=env, cwd=PROJECT, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        yield Server(name, port, proc, log_path)
    finally:
        _kill_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


def fetch(url: str, timeout: float = 30) -> tuple[int, bytes]:
    """(HTTP status, body) of a GET; status 0 when there was no answer."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own loopback URL
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, OSError):
        return 0, b""


def wait_ready(server: Server, timeout: float) -> dict:
    """Poll GET /readyz until it answers 200; its JSON. Fails if the server exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited ({server.proc.returncode}); see {server.log_path}:\n"
                               + server.log_path.read_text(errors="replace")[-2000:])
        status, body = fetch(server.base + "/readyz", timeout=10)
        if status == 200:
            return json.loads(body)
        time.sleep(0.5)
    raise RuntimeError(f"{server.name} not ready after {timeout:.0f} s; see {server.log_path}")


def server_env(corpus_dir: Path, index_dir: Path, port: int) -> dict:
    """The servers' environment: their folders and port, and no rate limit (capacity is measured here;
    `make attack` shows the limit at work)."""
    return {**os.environ, "PALVELUHAKU_CORPUS_DIR": str(corpus_dir), "PALVELUHAKU_INDEX_DIR": str(index_dir),
            "PALVELUHAKU_HOST": "127.0.0.1", "PALVELUHAKU_PORT": str(port), "PALVELUHAKU_RATE_LIMIT": "",
            "GUNICORN_CMD_ARGS": f"{os.environ.get('GUNICORN_CMD_ARGS', '')} --no-control-socket".strip()}


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return sorted(found)


def worker_rss(pid: int) -> list[tuple[float, float]]:
    """(VmRSS, VmHWM) in MB of each worker of the gunicorn master `pid`."""
    figures = []
    for child in children(pid):
        with contextlib.suppress(OSError):
            lines = Path(f"/proc/{child}/status").read_text().splitlines()
            status = dict(line.split(":", 1) for line in lines if ":" in line)
            figures.append(tuple(int(status[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")))
    return figures


# --- Load ----------------------------------------------------------------------------------------


def write_paths(name: str, paths: list[str]) -> Path:
    out = BENCH / "paths" / f"{name.replace(' ', '-')}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(paths) + "\n", "utf-8")
    return out


def run_wrk(server: Server, paths_file: Path, duration: float, threads: int = THREADS,
            connections: int = CONNECTIONS) -> dict:
    """One wrk run on `server` rotating through `paths_file`; the script's WRK_RESULT figures."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--timeout", "30s", "-s", str(LUA),
           server.base, "--", str(paths_file), str(threads), str(MAX_PER_THREAD)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60, check=False)
    except FileNotFoundError:
        raise SystemExit("wrk is not installed: apt-get install wrk (or make bench-packages)") from None
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(line.removeprefix("WRK_RESULT "))


def warm_up(server: Server, paths: dict[str, list[str]], seconds: float = 60) -> dict[str, int]:
    """Each search-mix path once and a few of the others, in sequence; the paths not answered 2xx."""
    sample = [*paths["search mix"], *paths["suggest"][:30], *paths.get("page", [])[:10]]
    failed, deadline = {}, time.monotonic() + seconds
    for path in sample:
        if time.monotonic() > deadline:
            break
        status, _body = fetch(server.base + path)
        if not 200 <= status < 300:
            failed[path] = status
    return failed


def drive(servers: list[Server], files: dict[str, Path], duration: float, label: str) -> dict:
    """Every workload on each server in turn (never at once): {workload: {server name: figures}}."""
    results: dict[str, dict] = {}
    for workload, paths_file in files.items():
        for server in servers:
            if workload == "page" and server.name == "reference":
                continue
            figures = run_wrk(server, paths_file, duration)
            results.setdefault(workload, {})[server.name] = figures
            log(f"[{label}] {server.name:9} {workload:10} {figures['rps']:8.1f} req/s  "
                f"p50 {figures['p50_ms']:.1f} ms  p99 {figures['p99_ms']:.1f} ms  {errors_text(figures)}")
    return results


def drive_together(nodes: list[Server], files: dict[str, Path], duration: float, label: str) -> dict:
    """The search workloads on every node at once, the connections shared out: {workload: figures}.

    Each node gets one wrk thread and CONNECTIONS / len(nodes) connections, so the load
    offered is the same as on one app; req/s is the nodes' sum, p50 and p99 the worst node's.
    """
    results = {}
    for workload in ("search mix", "distinct"):
        per_node: list[dict] = [{} for _ in nodes]

        def one(i: int, node: Server, workload: str = workload, per_node: list = per_node) -> None:
            per_node[i] = run_wrk(node, files[workload], duration, 1, max(1, CONNECTIONS // len(nodes)))

        threads = [threading.Thread(target=one, args=(i, node)) for i, node in enumerate(nodes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses: dict[str, int] = {}
        for f in per_node:
            for code, n in f["statuses"].items():
                statuses[code] = statuses.get(code, 0) + n
        results[workload] = {"rps": sum(f["rps"] for f in per_node),
                             "p50_ms": max(f["p50_ms"] for f in per_node),
                             "p99_ms": max(f["p99_ms"] for f in per_node),
                             "statuses": statuses, "errors": {k: v for f in per_node
                                                              for k, v in f["errors"].items()}}
        log(f"[{label}] {len(nodes)} nodes   {workload:10} {results[workload]['rps']:8.1f} req/s  "
            f"p99 {results[workload]['p99_ms']:.1f} ms  {errors_text(results[workload])}")
    return results


# --- Report --------------------------------------------------------------------------------------


def errors_text(figures: dict) -> str:
    """Non-2xx responses (5xx and 4xx apart) and socket errors; "0" when none."""
    statuses = {int(code): n for code, n in figures["statuses"].items()}
    server = sum(n for code, n in statuses.items() if code >= 500)
    client = sum(n for code, n in statuses.items() if 400 <= code < 500)
    other = sum(n for code, n in statuses.items() if not 200 <= code < 300) - server - client
    sockets = sum(v for k, v in figures["errors"].items() if k != "status")
    parts = [f"{n} {what}" for n, what in ((server, "5xx"), (client, "4xx"), (other, "other"),
                                          (sockets, "socket")) if n]
    return ", ".join(parts) or "0"


def ratio(app: float, ref: float) -> str:
    return f"{app / ref:.2f}" if ref else "-"


def table_rows(results: dict, paths: dict[str, list[str]]) -> list[str]:
    head = (f"{'workload':11}{'paths':>6} | {'app req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>12}"
            f" | {'ref req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>12} | app/ref: {'req/s':>6}"
            f" {'p50':>6} {'p99':>6}")
    rows = [head, "-" * len(head)]
    for workload, by_server in results.items():
        cells = [f"{workload:11}{len(paths[workload]):>6}"]
        for name in ("app", "reference"):
            f = by_server.get(name)
            cells.append(f"{f['rps']:9.1f} {f['p50_ms']:8.1f} {f['p99_ms']:8.1f} {errors_text(f):>12}" if f
                         else f"{'-':>9} {'-':>8} {'-':>8} {'':>12}")
        app, ref = by_server["app"], by_server.get("reference")
        cells.append("         " + " ".join(f"{ratio(app[k], ref[k]) if ref else '-':>6}"
                                           for k in ("rps", "p50_ms", "p99_ms")))
        rows.append(" | ".join(cells))
    return rows


def database_rows(results: dict) -> list[str]:
    """The same workloads on the app with the PostgreSQL backend, reading a streaming replica."""
    rows = ["postgresql backend (2 workers, reading a streaming replica): "
            "workload req/s p50 p99 non-2xx, and req/s against the reference and the Whoosh app"]
    for workload, by_server in results.items():
        f, ref, app = by_server.get("postgresql"), by_server.get("reference"), by_server["app"]
        if f:
            rows.append(f"  {workload:11} {f['rps']:9.1f} {f['p50_ms']:8.1f} {f['p99_ms']:8.1f} "
                        f"{errors_text(f):>12} | pg/ref {ratio(f['rps'], ref['rps']) if ref else '-':>6}"
                        f" | pg/whoosh {ratio(f['rps'], app['rps']):>6}")
    return rows


def nodes_rows(nodes: dict, results: dict) -> list[str]:
    """Two app processes (one worker each), each reading a replica of its own, loaded at once."""
    rows = ["postgresql, two app processes (1 worker each) reading one replica each, loaded at once: "
            "workload req/s (sum) p50 p99 (worst node) non-2xx, and req/s against the 2-worker pg app"]
    for workload, f in nodes.items():
        one = results[workload].get("postgresql")
        rows.append(f"  {workload:11} {f['rps']:9.1f} {f['p50_ms']:8.1f} {f['p99_ms']:8.1f} "
                    f"{errors_text(f):>12} | 2 nodes/pg app {ratio(f['rps'], one['rps']) if one else '-':>6}")
    return rows


def rss_text(figures: list[tuple[float, float]]) -> str:
    return ", ".join(f"{rss:.0f}/{hwm:.0f}" for rss, hwm in figures) or "?"


def report(label: str, run: dict) -> str:
    """The printed table of one size."""
    build, ref = run["build"], run["reference_index"]
    copies = build.get("synthetic")
    kind = f"the real corpus + synthetic copies {copies}" if copies else "the real corpus"
    lines = [f"== {label}: {build['records']} records ({kind}) ==",
             f"app index build: {build['seconds']:.1f} s, {build['bytes'] / 1e6:.1f} MB on disk, "
             f"build peak RSS {build['peak_rss_mb']:.0f} MB"
             + (f"; synthetic corpus written in {build['synthetic_seconds']:.1f} s" if copies else ""),
             f"reference index: {ref.get('records')} records, {ref.get('bytes', 0) / 1e6:.1f} MB, "
             f"built in {ref.get('seconds', '?')} s" + ("" if ref.get("fresh") else " (by an earlier run)"),
             f"postgresql: the build loaded in {run['database']['load_s']:.1f} s, "
             f"{run['database']['bytes'] / 1e6:.0f} MB in the database",
             in_process_text(run["in_process"], "Whoosh"),
             in_process_text(run["in_process_database"], "PostgreSQL replica"),
             *table_rows(run["results"], run["paths"]),
             *database_rows(run["results"]),
             *nodes_rows(run["nodes"], run["results"]),
             f"replica lag: a version loaded on the primary was served by both replicas after "
             f"{run['lag_s']:.2f} s",
             f"worker RSS after the load, MB (VmRSS/VmHWM per worker): app {rss_text(run['rss']['app'])}; "
             f"reference {rss_text(run['rss']['reference'])}; "
             f"postgresql {rss_text(run['rss']['postgresql'])}"]
    lines.append("app/ref: req/s below 1, p50 and p99 above 1 mean the app is slower; "
                 "the search mix and the prefixes repeat, the distinct queries do not")
    for name, f in run["results"]["distinct"].items():
        if f["wraps"]:
            lines.append(f"note: the {name} answered all {f['paths']} distinct queries and was sent them "
                         f"again ({f['requests']} requests): raise --distinct")
    return "\n".join(lines)


# --- Main ----------------------------------------------------------------------------------------


def reference_info(server: Server) -> dict:
    """The figures the reference app printed about its index (first line of its log)."""
    for line in server.log_path.read_text("utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            return json.loads(line)
    return {}


def start_servers(stack: contextlib.ExitStack, label: str, corpus_dir: Path, index_dir: Path,
                  cluster: Cluster) -> tuple[list[Server], list[Server]]:
    """The Whoosh app, the reference and the 2-worker PostgreSQL app; and two 1-worker app nodes."""
    app_port, ref_port, pg_port, *node_ports = free_ports(5)
    app = stack.enter_context(serving("app", [PY, "-m", "search_app"],
                                      server_env(corpus_dir, index_dir, app_port), app_port, label))
    ref = stack.enter_context(serving("reference", [PY, "-m", "benchmarks.reference_app", "--port",
                                                    str(ref_port)],
                                      server_env(corpus_dir, index_dir, ref_port), ref_port, label))
    log(f"[{label}] app on {app.base}, reference on {ref.base}; waiting until both are ready ...")

    def on_replica(name: str, port: int, replica, workers: int) -> Server:
        env = {**server_env(corpus_dir, index_dir, port), "PALVELUHAKU_BACKEND": "postgresql",
               "PALVELUHAKU_DATABASE_URL": replica.url, "PALVELUHAKU_WORKERS": str(workers)}
        return stack.enter_context(serving(name, [PY, "-m", "search_app"], env, port, label))

    database = on_replica("postgresql", pg_port, cluster.replicas[0], 2)
    nodes = [on_replica(f"node-{i + 1}", port, replica, 1)
             for i, (port, replica) in enumerate(zip(node_ports, cluster.replicas, strict=True))]
    app.info = wait_ready(app, timeout=600)
    ref.info = wait_ready(ref, timeout=3600)
    for server in (database, *nodes):
        server.info = wait_ready(server, timeout=600)
    if app.info.get("records") != ref.info.get("records"):
        log(f"[{label}] warning: the app has {app.info.get('records')} records, "
            f"the reference {ref.info.get('records')}")
    return [app, ref, database], nodes


@contextlib.contextmanager
def database_replica(label: str, index_dir: Path, replicas: int = 1):
    """A throwaway PostgreSQL primary with the build loaded, and streaming replicas of it: the cluster."""
    cluster = Cluster()
    try:
        cluster.start_primary()
        started = time.perf_counter()
        load_build(index_dir, cluster.primary.url)
        cluster.load_s = time.perf_counter() - started
        with connect(cluster.primary.url) as db:
            cluster.size = db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        log(f"[{label}] PostgreSQL: build loaded in {cluster.load_s:.1f} s, {cluster.size / 1e6:.0f} MB")
        for _ in range(replicas):
            cluster.start_replica()
        yield cluster
    finally:
        cluster.stop()


def bench_size(label: str, args, paths: dict[str, list[str]], files: dict[str, Path]) -> dict:
    corpus_dir, index_dir, build = prepare(label, args.seed)
    log(f"[{label}] built {build['records']} records in {build['seconds']:.1f} s")
    in_process = measure_in_process(corpus_dir, index_dir, [str(index_dir)])
    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(database_replica(label, index_dir, replicas=2))
        in_process_database = measure_in_process(corpus_dir, index_dir,
                                                 ["--database", cluster.replicas[0].url])
        servers, nodes = start_servers(stack, label, corpus_dir, index_dir, cluster)
        for server in (*servers, *nodes):
            failed = warm_up(server, paths if server.name != "reference" else {**paths, "page": []})
            for path, status in list(failed.items())[:8]:
                log(f"[{label}] warm-up: {server.name} answered {status} to {path}")
            if failed:
                log(f"[{label}] warm-up: {server.name} failed {len(failed)} requests; see {server.log_path}")
            run_wrk(server, files["search mix"], 2)
        results = drive(servers, files, args.duration, label)
        together = drive_together(nodes, files, args.duration, label)
        rss = {s.name: worker_rss(s.proc.pid) for s in servers}
        ref_info = reference_info(servers[1])
        lag = replica_lag(cluster, index_dir)
    return {"build": build, "results": results, "rss": rss, "paths": paths, "reference_index": ref_info,
            "in_process": in_process, "in_process_database": in_process_database, "nodes": together,
            "lag_s": lag, "database": {"load_s": cluster.load_s, "bytes": cluster.size}}


def replica_lag(cluster: Cluster, index_dir: Path) -> float:
    """Seconds from a new version's commit on the primary until every replica serves it."""
    version = load_build(index_dir, cluster.primary.url)
    committed = time.perf_counter()
    for replica in cluster.replicas:
        with connect(replica.url) as db:
            wait_until(lambda db=db: current_version(db) == version, seconds=120, every=0.01)
    return time.perf_counter() - committed


def measure_in_process(corpus_dir: Path, index_dir: Path, where: list[str]) -> dict:
    """benchmarks.inprocess on this index or database, in a process of its own (its figures as JSON)."""
    done = subprocess.run([PY, "-m", "benchmarks.inprocess", *where], capture_output=True, text=True,
                          env=server_env(corpus_dir, index_dir, 0), timeout=BUILD_TIMEOUT, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def in_process_text(figures: dict, backend: str) -> str:
    parts = [f"{name} p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms" for name, f in figures.items()
             if isinstance(f, dict)]
    return (f"in-process, {backend} (engine opened in {figures['open_s']} s): " + "; ".join(parts)
            + f" (broad: up to {figures['broad_max_total']} records matched)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n")[0])
    parser.add_argument("--records", default=f"{REAL},10k",
                        help="comma-separated corpus sizes: 1.7k (the real corpus), 10k, 100k, ...")
    parser.add_argument("--duration", type=float, default=8, help="seconds of each wrk run")
    parser.add_argument("--distinct", type=int, default=12000, help="about how many distinct queries")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.sizes = [s.strip() for s in args.records.split(",") if s.strip()]
    try:
        for size in args.sizes:
            parse_size(size)
    except ValueError as error:
        parser.error(str(error))
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be 1 to 600 seconds")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (or make bench-packages)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: stop the servers
    paths = workload_paths(args.seed, args.distinct)
    files = {name: write_paths(name, p) for name, p in paths.items()}
    for label in args.sizes:
        run = bench_size(label, args, paths, files)
        print(report(label, run) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted; every server it started is stopped")
        sys.exit(130)
