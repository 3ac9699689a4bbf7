"""Hostile input and careless deployment: limits, hosts, origins, paths, cookies, errors and logs."""

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest

from indexer.build import build
from search_app import create_app
from search_app.logs import RedactingLogger, redact
from tests.conftest import PROJECT, write_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hardening")
    corpus = write_corpus(root / "corpus")
    build(corpus, root / "ix", progress=False)
    return root


def app_with(built, **settings):
    app = create_app({"index_dir": str(built / "ix"), "corpus_dir": str(built / "corpus" / "data"),
                      "cors_origins": ["https://www.hel.fi"], **settings})
    return app


def test_a_client_past_its_rate_limit_is_told_to_wait_and_health_checks_never_are(built):
    client = app_with(built, rate_limit="3/minute").test_client()
    statuses = [client.get("/api/v1/search?q=kirjasto").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/search?q=kirjasto")
    assert limited.is_json and "too many requests" in limited.get_json()["error"]["message"]
    assert int(limited.headers["Retry-After"]) > 0
    assert "Liikaa hakuja" in client.get("/?q=kirjasto&ui=fi").get_data(as_text=True)
    assert all(client.get(path).status_code == 200 for path in ["/healthz"] * 10 + ["/readyz"])


def test_a_forged_host_is_refused_and_links_use_the_public_address(built):
    client = app_with(built, public_url="https://palveluhaku.example.fi").test_client()
    for path in ("/api/v1/search?q=kirjasto", "/?q=kirjasto", "/records/tyovaenopisto", "/nowhere"):
        assert client.get(path, headers={"Host": "evil.example"}).status_code == 400, path
    text = client.get("/api/v1/referral?id=tyovaenopisto&lang=fi").get_json()["text"]
    assert "https://palveluhaku.example.fi/units/tyovaenopisto?ui=fi" in text and "localhost" not in text


def test_a_path_that_looks_like_another_host_keeps_the_links_on_this_site(built):
    page = app_with(built).test_client().get("/%5Cevil.example?ui=en").get_data(as_text=True)
    links = [part.split('"', 1)[0] for part in page.split('href="')[1:]]
    assert links and not [link for link in links if link.startswith(("//", "/\\", "http://evil", "https://evil"))]


def test_the_interface_cookie_is_secure_behind_https(built):
    client = app_with(built, proxies=1).test_client()
    cookie = client.get("/?ui=sv", headers={"X-Forwarded-Proto": "https"}).headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert "Secure" not in client.get("/?ui=sv").headers["Set-Cookie"], "plain http in development"


def test_origins_match_exactly_and_answers_vary_by_origin(built):
    client = app_with(built).test_client()
    allowed = client.get("/api/v1/search?q=kirjasto", headers={"Origin": "https://www.hel.fi"})
    lookalike = client.get("/api/v1/search?q=kirjasto", headers={"Origin": "https://www.hel.fi.evil.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.hel.fi"
    assert "Access-Control-Allow-Origin" not in lookalike.headers
    assert "Origin" in allowed.headers["Vary"] and "Origin" in lookalike.headers["Vary"]


def test_digits_of_any_script_are_read_as_digits(built):
    client = app_with(built).test_client()
    assert len(client.get("/api/v1/search?q=kirjasto&limit=%C2%B9").get_json()["results"]) == 1  # "¹"
    assert client.get("/?q=kirjasto&offset=%E2%91%A2").status_code == 200  # "③"
    assert client.get("/embed?q=kirjasto&limit=%EF%BC%92").status_code == 200  # fullwidth "２"


@pytest.mark.parametrize("path", ["/api/v1/search?q=x&limit=%C2%BD", "/?q=x&offset=-1",
                                  "/embed?q=x&limit=99999", "/api/v1/search?q=x&type=nonsense",
                                  "/api/v1/search?q=x&theme=nonsense"])
def test_odd_parameters_are_a_400_never_a_500(built, path):
    response = app_with(built).test_client().get(path)
    assert response.status_code == 400
    assert response.is_json == path.startswith("/api/")


def test_an_unexpected_error_is_json_under_the_api_and_a_page_elsewhere(built, monkeypatch):
    app = app_with(built)
    from search_app import index

    monkeypatch.setattr(index, "get_engine", lambda: 1 / 0)
    monkeypatch.setattr("search_app.api.get_engine", lambda: 1 / 0)
    monkeypatch.setattr("search_app.pages.get_engine", lambda: 1 / 0)
    client = app.test_client()
    api = client.get("/api/v1/search?q=kirjasto")
    assert api.status_code == 500 and api.is_json and "Traceback" not in api.get_data(as_text=True)
    assert re.search(r"\(error [0-9a-f]{12}\)", api.get_json()["error"]["message"]), "an id to report"
    page = client.get("/?q=kirjasto&ui=en")
    assert page.status_code == 500 and "Something went wrong" in page.get_data(as_text=True)
    assert "ZeroDivisionError" not in page.get_data(as_text=True)
    assert client.get("/api/v1/records/a%2Fb").is_json, "an encoded slash is a JSON 404 too"


def test_logs_hold_no_query_and_no_identity_code():
    assert "010190-123A" not in redact("GET /?q=henkilötunnus 010190-123A HTTP/1.1")
    from gunicorn.config import Config

    logger = RedactingLogger(Config())
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.error_log.addHandler(handler)
    logger.warning("Invalid request from ip=%s: %s", "10.0.0.1",
                   "Invalid HTTP request line: 'GET /?q=Matti+010190-123A HTTP/1.1'")
    assert records and "Matti" not in records[0].getMessage() and "010190-123A" not in records[0].getMessage()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_server_answers_a_long_query_in_any_script_and_health_beside_it(built, tmp_path):
    """`python -m search_app` as `make run` starts it: gunicorn, threaded workers."""
    port = free_port()
    env = {**os.environ, "PALVELUHAKU_INDEX_DIR": str(built / "ix"), "PALVELUHAKU_PORT": str(port),
           "PALVELUHAKU_CORPUS_DIR": str(built / "corpus" / "data"), "PALVELUHAKU_WORKERS": "1",
           "PALVELUHAKU_THREADS": "2", "GUNICORN_CMD_ARGS": "--no-control-socket"}
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "search_app"], cwd=PROJECT, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        chinese = "学习芬兰语" * 100  # 500 characters, 4.5 kB encoded: what the contract allows
        with urllib.request.urlopen(f"{base}/api/v1/search?q={quote(chinese)}", timeout=30) as response:
            assert response.status == 200 and json.loads(response.read())["query"]["language"] == "zh"
        slow = socket.create_connection(("127.0.0.1", port))  # a client that never finishes its request
        slow.sendall(b"GET /api/v1/search?q=kirjasto HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            assert response.status == 200, "health is answered beside a slow client"
        slow.close()
        bad = socket.create_connection(("127.0.0.1", port))
        bad.sendall(b"GET /?q=Matti+010190-123A HTTP/9.9 extra\r\n\r\n")
        bad.recv(1024)
        bad.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    logged = (tmp_path / "server.log").read_text(errors="replace")
    assert "010190-123A" not in logged and "Matti" not in logged


def test_a_rebuild_while_serving_fails_no_request(tmp_path):
    import threading

    corpus = write_corpus(tmp_path / "corpus")
    build(corpus, tmp_path / "ix", progress=False)
    app = create_app({"index_dir": str(tmp_path / "ix"), "corpus_dir": str(corpus)})
    stop, statuses = threading.Event(), []

    def traffic():
        client = app.test_client()
        while not stop.is_set():
            statuses.append(client.get("/api/v1/search?q=kirjasto").status_code)

    threads = [threading.Thread(target=traffic) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(2):
            build(corpus, tmp_path / "ix", progress=False)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert len(statuses) > 30 and set(statuses) == {200}, f"{len(statuses)} requests: {set(statuses)}"
