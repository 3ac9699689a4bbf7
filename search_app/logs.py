"""gunicorn's logs without personal data: no query string, no identity code, in anything it logs.

gunicorn logs the raw request line of a malformed request ("Invalid request from ip=…:
Invalid HTTP request line: 'GET /?q=… HTTP/1.1'"); a query may hold a name or a personal
identity code. `redact` keeps the path and drops the query; the access log format names
the path only (`%(U)s`).
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

QUERY = re.compile(r"\?[^\s'\"]*")
IDENTITY_CODE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)  # Finnish henkilötunnus


def redact(message: str) -> str:
    """>>> redact("Invalid HTTP request line: 'GET /?q=010190-123A HTTP/1.1' 010190-123A")
    "Invalid HTTP request line: 'GET /?[query removed] HTTP/1.1' [identity code removed]"
    """
    return IDENTITY_CODE.sub("[identity code removed]", QUERY.sub("?[query removed]", str(message)))


class RedactingLogger(Logger):
    """gunicorn's logger, each message passed through `redact` first."""

    def _redacted(name):  # noqa: N805 - builds the methods below
        def method(self, msg, *args, **kwargs):
            text = str(msg) % args if args else str(msg)
            return getattr(Logger, name)(self, redact(text), **kwargs)
        return method

    critical = _redacted("critical")
    error = _redacted("error")
    warning = _redacted("warning")
    info = _redacted("info")
    debug = _redacted("debug")
    exception = _redacted("exception")
