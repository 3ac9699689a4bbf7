"""The web front end: search pages, the JSON API and the embeddable widget."""

from __future__ import annotations

import re

from flask import Flask, g, request
from flask_babel import Babel
from flask_cors import CORS
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from search_app.params import INTERFACE_LANGUAGES
from settings import CONFIG_FILE, load_settings

# Our own scripts and styles only; no inline script. Pages under /embed may be framed anywhere.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}


def create_app(test_config: dict | None = None) -> Flask:
    """The Flask app; `test_config` overrides config.yaml's settings."""
    app = Flask(__name__)
    settings = load_settings(CONFIG_FILE, overrides=test_config)
    app.config["SEARCH"] = settings
    app.json.ensure_ascii = False
    app.json.sort_keys = False  # the response keeps the order it was built in (and is cheaper)
    # A request for any other Host is a 400: the host goes into links a counsellor copies.
    app.config["TRUSTED_HOSTS"] = settings["allowed_hosts"] or None
    if settings["proxies"]:  # behind that many reverse proxies: trust their X-Forwarded-For/-Proto/-Host
        n = settings["proxies"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    Babel(app, locale_selector=interface_language)
    Talisman(app, content_security_policy=CSP, force_https=False,
             session_cookie_secure=False, frame_options="SAMEORIGIN")
    # Origins match exactly (a string would be a start-anchored regex: https://www.hel.fi.evil.example).
    origins = [re.compile(re.escape(origin) + r"\Z") for origin in settings["cors_origins"]]
    CORS(app, resources={r"/api/*": {"origins": origins}}, methods=["GET"], vary_header=True)
    from search_app import api, embed, errors, index, limits, pages

    app.after_request(remember_interface_language)
    app.after_request(vary_on_origin)
    index.init_app(app)
    limits.init_app(app)
    errors.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(embed.bp)
    return app


def vary_on_origin(response):
    """Every API answer may differ by Origin (CORS), so caches must keep them apart."""
    if request.path.startswith("/api/"):
        response.vary.add("Origin")
    return response


UI_COOKIE = "ui"


def interface_language() -> str:
    """?ui= (remembered in a cookie), else the remembered one, else the browser's, else Finnish."""
    chosen = request.args.get("ui")
    if chosen in INTERFACE_LANGUAGES:
        g.remember_ui = chosen
        return chosen
    if request.cookies.get(UI_COOKIE) in INTERFACE_LANGUAGES:
        return request.cookies[UI_COOKIE]
    return request.accept_languages.best_match(INTERFACE_LANGUAGES) or "fi"


def remember_interface_language(response):
    """Keep a language chosen with ?ui= for a year."""
    if getattr(g, "remember_ui", None):
        response.set_cookie(UI_COOKIE, g.remember_ui, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure, httponly=True)
    return response
