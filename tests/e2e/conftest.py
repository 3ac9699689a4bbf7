"""Browser tests: our app and a partner's site, each on its own 127.0.0.1 port, in headless Chromium.

Our app serves an index of the bundled corpus and lists the partner's origin in
`cors_origins`. The partner's site (tests/e2e/partner/) has hostile CSS and a strict CSP
of its own that trusts nothing but its own files and our app's origin.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from indexer.build import build
from search_app import create_app

PROJECT = Path(__file__).resolve().parents[2]
PARTNER_FILES = Path(__file__).with_name("partner")
CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browsers are never downloaded
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT / "var" / "screenshots"
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript"}


@dataclass(frozen=True)
class Site:
    app: str  # our app's base URL
    partner: str  # the partner site's base URL


class PartnerSite(BaseHTTPRequestHandler):
    """The partner's files; in its pages, $app (our base URL) and the query's parameters filled in."""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        path = PARTNER_FILES / url.path.lstrip("/")
        if url.path == "/favicon.ico":  # none, and no console error about it either
            self.send_response(204)
            self.end_headers()
            return
        if path.parent != PARTNER_FILES or not path.is_file():
            self.send_error(404)
            return
        body = path.read_text("utf-8")
        if path.suffix == ".html":
            values = {"lang": "fi", "stylesheet": "partner.css", "path": "/embed?lang=en",
                      **dict(parse_qsl(url.query)), "app": self.server.app_url}
            body = Template(body).substitute(values)
        body = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES[path.suffix])
        self.send_header("Content-Security-Policy", self.policy())
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def policy(self) -> str:
        app = self.server.app_url
        return (f"default-src 'none'; script-src 'self' {app}; connect-src {app}; frame-src {app}; "
                "style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'")

    def log_message(self, format: str, *args) -> None:
        pass


class QuietRequestHandler(WSGIRequestHandler):
    def log_request(self, *args) -> None:
        pass


@contextmanager
def serving(server):
    """Serve in a thread until the block ends; then stop, and close the listening socket."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    index = tmp_path_factory.mktemp("e2e") / "index"
    build(PROJECT / "corpus" / "data", index, progress=False)
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), PartnerSite)) as partner:
        partner_url = f"http://127.0.0.1:{partner.server_port}"
        app = create_app({"index_dir": str(index), "cors_origins": [partner_url]})
        ours = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
        with serving(ours):
            partner.app_url = f"http://127.0.0.1:{ours.server_port}"
            yield Site(app=partner.app_url, partner=partner_url)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(site, browser):
    """A new tab in a browser that prefers Finnish (the interface language without ?ui=)."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def console(page) -> list[str]:
    """The page's console errors and uncaught exceptions (a CSP violation is one)."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


@pytest.fixture
def axe():
    """Run axe-core on a page; its serious and critical violations, printed so a failure shows them.

    axe is evaluated rather than added as a <script>: the pages' CSP forbids inline scripts.
    """
    source = AXE.read_text("utf-8")

    def serious_violations(page, context: str = "document") -> list[dict]:
        page.evaluate(source)
        violations = page.evaluate(f"async () => (await axe.run({context})).violations")
        found = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                  "nodes": [n["target"] for n in v["nodes"]][:5]}
                 for v in violations if v["impact"] in ("serious", "critical")]
        for violation in found:
            print(page.url, violation)
        return found

    return serious_violations


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
