"""Views: each parses its parameters, calls the search core and returns a dict or a page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, jsonify, render_template, request

from indexer.search import MAX_QUERY_CHARS, search
from indexer.store import IndexUnavailable
from search_app.index import get_index

bp = Blueprint("search", __name__)


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class SearchParams:
    q: str
    limit: int

    @classmethod
    def from_args(cls, args) -> SearchParams:
        q = args.get("q", "")
        if len(q) > MAX_QUERY_CHARS:
            raise BadParameter("q", f"q is longer than {MAX_QUERY_CHARS} characters")
        raw = args.get("limit", "10")
        if not raw.isdigit() or not 1 <= int(raw) <= 50:
            raise BadParameter("limit", "limit must be a whole number from 1 to 50")
        return cls(q=q.strip(), limit=int(raw))


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return jsonify(error={"parameter": error.name, "message": str(error)}), 400


@bp.errorhandler(IndexUnavailable)
def index_unavailable(error: IndexUnavailable):
    return jsonify(error={"message": str(error)}), 503


@bp.get("/api/v1/search")
def api_search():
    params = SearchParams.from_args(request.args)
    ix, _info = get_index()
    return jsonify(search(ix, params.q, limit=params.limit))


@bp.get("/")
def page():
    params = SearchParams.from_args(request.args)
    response = search(get_index()[0], params.q, limit=params.limit) if params.q else None
    return render_template("search.html", q=params.q, response=response)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    _ix, info = get_index()
    return {"status": "ready", "records": info["records"], "built_at": info["built_at"]}
