"""The app's errors, answered once: JSON under /api/, a translated page elsewhere, never a stack trace.

Blueprints answer their own bad parameters (which name the parameter); everything else
lands here: an unknown address (404), too many requests (429, with Retry-After), a missing
or damaged index (503, naming no server paths), and any other error (500, logged with its
traceback for the maintainers, shown without it).
"""

from __future__ import annotations

import uuid

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from indexer.store import IndexUnavailable
from search_app.logs import RedactingFilter

MESSAGES = {429: "too many requests from this address: try again in a moment",
            500: "something went wrong on our side; it has been logged",
            503: "the search index is not available right now: try again in a moment"}


def init_app(app: Flask) -> None:
    app.logger.addFilter(RedactingFilter())
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(IndexUnavailable, unavailable)
    app.register_error_handler(Exception, unexpected)


def wants_json() -> bool:
    """The API's routes (/api/…, /healthz, /readyz) answer JSON; the pages answer pages."""
    return request.blueprint == "api" or request.path.startswith("/api/")


def _answer(status: int, message: str, headers=None):
    if wants_json():
        response = jsonify(error={"message": message})
        response.status_code = status
    else:
        response = current_app.make_response((render_template("error.html", status=status), status))
    for name, value in (headers or []):
        response.headers[name] = value
    return response


def http_error(error: HTTPException):
    if isinstance(error, SecurityError):  # a Host not in allowed_hosts: nothing may build a link from it
        return current_app.response_class("unknown host\n", status=400, mimetype="text/plain")
    message = MESSAGES.get(error.code) or (error.description or error.name)
    if error.code == 404 and wants_json():
        message = f"no such address: {request.path}"
    headers = [(k, v) for k, v in error.get_headers() if k.lower() in ("retry-after", "allow")]
    return _answer(error.code or 500, message, headers)


def unavailable(error: IndexUnavailable):
    current_app.logger.warning("index unavailable: %s", error)
    return _answer(503, str(error) if wants_json() else MESSAGES[503])


def unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return http_error(error)
    if current_app.testing and not current_app.config.get("ANSWER_ERRORS"):
        _reraise(error)
    error_id = uuid.uuid4().hex[:12]  # in the answer and in the log line: a report can be traced
    current_app.logger.exception("unexpected error %s on %s", error_id, request.path)
    return _answer(500, f"{MESSAGES[500]} (error {error_id})")


def _reraise(error: Exception):
    """Tests see the real exception (TESTING), people never do."""
    raise InternalServerError(original_exception=error) from error
