"""Logs without personal data: no query string, identity code, e-mail address or phone number.

gunicorn logs the raw request line of a malformed request ("Invalid request from ip=…:
Invalid HTTP request line: 'GET /?q=… HTTP/1.1'"); a query may hold a name or a personal
identity code. `redact` keeps the path and drops the query; the access log format names
the path only (`%(U)s`).
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

# What a log line must not hold, and what stands in its place.
PERSONAL = [
    (re.compile(r"\?[^\s'\"]*"), "?[query removed]"),
    (re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE), "[identity code removed]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail removed]"),
    (re.compile(r"(?<![\w.])\+?\d[\d\s()-]{6,}\d\b"), "[phone number removed]"),
]


def redact(message: str) -> str:
    """The message without query strings, identity codes, e-mail addresses or phone numbers.

    >>> redact("Invalid HTTP request line: 'GET /?q=010190-123A HTTP/1.1' 010190-123A")
    "Invalid HTTP request line: 'GET /?[query removed] HTTP/1.1' [identity code removed]"
    >>> redact("from matti@example.fi, +358 40 123 4567")
    'from [e-mail removed], [phone number removed]'
    """
    text = str(message)
    for pattern, replacement in PERSONAL:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """The same for the app's own log records (Flask's logger, tracebacks included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


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
