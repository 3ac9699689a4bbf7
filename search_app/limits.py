"""Rate limiting with Flask-Limiter: how many requests one client address may make.

The `rate_limit` setting ("120/minute;2000/hour"), counted in `rate_limit_storage`
(memory:// counts per worker; a shared memcached:// or redis:// store counts per site), over
all routes together.
Health checks and static files are exempt, so a load balancer's probes are never limited.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

EXEMPT = ("/healthz", "/readyz", "/static/", "/assets/", "/embed/widget.js", "/embed/frame.js")


def init_app(app: Flask) -> Limiter | None:
    """The limiter of the `rate_limit` setting; none at all when it is empty (no cost per request)."""
    settings = app.config["SEARCH"]
    if not settings["rate_limit"]:
        return None
    limiter = Limiter(get_remote_address, app=app, storage_uri=settings["rate_limit_storage"],
                      application_limits=[settings["rate_limit"]],
                      headers_enabled=True)
    limiter.request_filter(lambda: request.path.startswith(EXEMPT))
    return limiter
