"""Throwaway PostgreSQL clusters for tests and development: a primary, and streaming replicas of it.

    python -m tests.pgcluster start var/pg      # a primary on 127.0.0.1:5433 and a replica on :5434
    python -m tests.pgcluster stop var/pg

Uses Debian's `postgresql` binaries. Run as root, the servers run as the `postgres`
user (PostgreSQL refuses root), in folders given to it. Every server listens on
127.0.0.1 only, trusts local connections, and is stopped by `stop` or `Cluster.stop`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DATABASE = "palveluhaku"


def binaries() -> Path:
    """The newest installed PostgreSQL's bin folder."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (make install does)")
    return found[-1].parent


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str]) -> None:
    subprocess.run(_as_server_user(command), check=True, capture_output=True, timeout=120)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return self.url_of(DATABASE)

    def url_of(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database on this server; its URL."""
        _run([str(binaries() / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name])
        return self.url_of(name)

    def start(self) -> Server:
        log = self.folder.parent / f"{self.folder.name}.log"
        _run([str(binaries() / "pg_ctl"), "-D", str(self.folder), "-l", str(log), "-w", "-t", "60",
              "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}", "start"])
        return self

    def stop(self) -> None:
        if (self.folder / "postmaster.pid").exists():
            _run([str(binaries() / "pg_ctl"), "-D", str(self.folder), "-m", "fast", "-w", "stop"])


class Cluster:
    """A primary and any number of streaming replicas, in one folder."""

    def __init__(self, root: Path | None = None) -> None:
        self.temporary = root is None  # a folder of its own, removed when the cluster stops
        self.root = Path(root or tempfile.mkdtemp(prefix="palveluhaku-pg-"))
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.primary: Server | None = None
        self.replicas: list[Server] = []

    def start_primary(self, port: int | None = None) -> Server:
        folder = self.root / "primary"
        _run([str(binaries() / "initdb"), "-D", str(folder), "-U", "postgres", "--auth=trust",
              "-E", "UTF8", "--locale=C.UTF-8"])
        with (folder / "postgresql.conf").open("a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 8\nfsync = off\n"
                       "synchronous_commit = off\nfull_page_writes = off\n")
        self.primary = Server(folder, port or free_port()).start()
        self.primary.create_database(DATABASE)
        return self.primary

    def start_replica(self, port: int | None = None) -> Server:
        """A streaming replica of the primary (pg_basebackup), read-only."""
        folder = self.root / f"replica{len(self.replicas) + 1}"
        _run([str(binaries() / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port),
              "-U", "postgres", "-D", str(folder), "-R", "-X", "stream", "-c", "fast"])
        replica = Server(folder, port or free_port()).start()
        self.replicas.append(replica)
        return replica

    def stop(self) -> None:
        for server in [*self.replicas, self.primary]:
            if server:
                server.stop()
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)


def wait_until(condition, seconds: float = 30, every: float = 0.05) -> float:
    """How long until `condition()` held (TimeoutError after `seconds`)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise TimeoutError(f"not within {seconds} s")
        time.sleep(every)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.pgcluster", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=5433, help="the primary's; the replica takes the next")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    if args.action == "stop":
        for server in sorted(folder.glob("*/postmaster.pid")):
            Server(server.parent, 0).stop()
        return 0
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} is not empty: stop and remove it first")
    cluster = Cluster(folder)
    primary = cluster.start_primary(args.port)
    replica = cluster.start_replica(args.port + 1)
    print(f"primary: {primary.url}\nreplica: {replica.url}\n"
          f"PALVELUHAKU_BACKEND=postgresql PALVELUHAKU_WRITE_DATABASE_URL={primary.url} "
          f"PALVELUHAKU_DATABASE_URL={replica.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
