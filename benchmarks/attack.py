"""`make attack`: the app as an attacker and a careless operator would treat it, measured.

    python -m benchmarks.attack [--requests 5000]

Starts the app as `make run` does (gunicorn, threaded workers) on a fresh build of the
bundled corpus, and reports: hostile requests sent and the 5xx among them, the slowest
answer; /healthz latency while 64 heavy queries run at once and while slow clients trickle
their headers; and the failed requests while the index is rebuilt under load. The rate
limit is off for the run (it would answer most of it with 429); a last check shows it on.
"""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from benchmarks.load import free_ports, serving, wait_ready

PROJECT = Path(__file__).resolve().parents[1]
PY = sys.executable
WORDS = ["kirjasto", "työ", "学习", "iş", "İkamet", "работа", "عمل", "ß", "ΟΔΟΣ", "läksyapu", "x" * 40]
ODD = ["\x00", "%00", "%2F", "..%2F..", "<script>", "' OR 1=1", "²", "③", "\ud800", "🙂" * 50,
       "\\evil.example"]


def hostile_path(rng: random.Random) -> str:
    words = [rng.choice(WORDS + ODD) for _ in range(rng.choice([1, 3, 30, 200]))]
    q = " ".join(words)[:rng.choice([50, 500, 600])]
    route = rng.choice(["/api/v1/search", "/", "/embed", "/api/v1/suggest", "/api/v1/referral"])
    params = {"q": q, "limit": rng.choice(["5", "²", "-1", "99999", "1e3", ""]),
              "offset": rng.choice(["0", "③", "1000000"]), "type": rng.choice(["", "measure", "x"]),
              "lang": rng.choice(["", "fi", "xx", "ar"]),
              "id": rng.choice(["tyovaenopisto", "a/b", "\x00", "x" * 300])}
    query = "&".join(f"{k}={encoded(v)}" for k, v in params.items() if rng.random() < 0.7)
    if rng.random() < 0.1:
        return rng.choice(["/api/v1/records/", "/units/", "/records/"]) + encoded(q[:60])
    return f"{route}?{query}"


def encoded(text: str) -> str:
    """Percent-encoded, a lone surrogate as the invalid UTF-8 bytes a hostile client sends."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def get(base: str, path: str, timeout: float = 60) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:  # noqa: S310 - our loopback
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def fuzz(base: str, count: int) -> dict:
    rng = random.Random(12)
    paths = [hostile_path(rng) for _ in range(count)]
    with futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda p: get(base, p), paths))
    statuses: dict[int, int] = {}
    for status, _seconds in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {"requests": count, "5xx": sum(n for s, n in statuses.items() if s >= 500),
            "no answer": statuses.get(0, 0), "statuses": dict(sorted(statuses.items())),
            "slowest_s": round(max(s for _status, s in results), 3)}


def health_while(base: str, load) -> dict:
    """/healthz latencies (ms) sampled while `load()` runs in other threads."""
    done = threading.Event()
    threading.Thread(target=lambda: (load(), done.set()), daemon=True).start()
    times = []
    while not done.is_set() and len(times) < 200:
        status, seconds = get(base, "/healthz", timeout=30)
        times.append((status, seconds * 1000))
        time.sleep(0.05)
    ms = sorted(t for _status, t in times)
    return {"samples": len(ms), "failed": sum(1 for status, _t in times if status != 200),
            "p50_ms": round(statistics.median(ms), 1) if ms else None,
            "max_ms": round(max(ms), 1) if ms else None}


def heavy(base: str, count: int = 64) -> None:
    rng = random.Random(3)
    heavy_paths = ["/api/v1/search?q=" + quote(" ".join(rng.choice(WORDS) + str(i) for i in range(200))[:500])
                   for _ in range(count)]
    with futures.ThreadPoolExecutor(count) as pool:
        list(pool.map(lambda p: get(base, p), heavy_paths))


def slow_clients(port: int, count: int = 8, seconds: float = 12) -> None:
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    for s in sockets:
        s.sendall(b"GET /api/v1/search?q=kirjasto HTTP/1.1\r\n")
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for s in sockets:
            with contextlib.suppress(OSError):
                s.sendall(b"X-Slow: 1\r\n")
        time.sleep(2)
    for s in sockets:
        s.close()


def rebuild_under_load(base: str, env: dict) -> dict:
    stop, results = threading.Event(), []

    def traffic():
        while not stop.is_set():
            word = random.choice(["kirjasto", "työ", "library"])
            results.append(get(base, "/api/v1/search?q=" + quote(word))[0])

    threads = [threading.Thread(target=traffic) for _ in range(4)]
    for t in threads:
        t.start()
    build = subprocess.run([PY, "-m", "indexer", "build", "--quiet"], env=env, cwd=PROJECT,
                           capture_output=True, timeout=600)
    time.sleep(1)
    stop.set()
    for t in threads:
        t.join()
    return {"build_exit": build.returncode, "requests": len(results),
            "failed": sum(1 for status in results if status != 200)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.attack", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder) / "index"
        (port,) = free_ports(1)
        env = {**os.environ, "PALVELUHAKU_INDEX_DIR": str(index), "PALVELUHAKU_PORT": str(port),
               "PALVELUHAKU_RATE_LIMIT": "", "GUNICORN_CMD_ARGS": "--no-control-socket"}
        subprocess.run([PY, "-m", "indexer", "build", "--quiet"], env=env, cwd=PROJECT, check=True,
                       capture_output=True, timeout=600)
        with serving("app", [PY, "-m", "search_app"], env, port, "attack") as server:
            wait_ready(server, timeout=120)
            base = server.base
            print("fuzz:", fuzz(base, args.requests), flush=True)
            print("/healthz under 64 concurrent heavy queries:", health_while(base, lambda: heavy(base)),
                  flush=True)
            print("/healthz under 8 slow clients:", health_while(base, lambda: slow_clients(port)),
                  flush=True)
            print("rebuild under load:", rebuild_under_load(base, env), flush=True)
        limited_env = {**env, "PALVELUHAKU_RATE_LIMIT": "100/minute"}
        with serving("app-limited", [PY, "-m", "search_app"], limited_env, port, "attack") as server:
            wait_ready(server, timeout=120)
            statuses = [get(server.base, "/api/v1/search?q=kirjasto")[0] for _ in range(300)]
            print(f"rate limit 100/minute (per worker): of 300 rapid requests {statuses.count(200)} served, "
                  f"{statuses.count(429)} answered 429", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
