"""Views: each parses its parameters, calls the search core and returns a dict or a page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, jsonify, render_template, request

from analyzers.language import DEFAULT_LANGUAGE, SUPPORTED
from indexer.search import MAX_QUERY_CHARS, search
from indexer.store import IndexUnavailable
from search_app.index import get_index

bp = Blueprint("search", __name__)
INTERFACE_LANGUAGES = ("fi", "sv", "en")


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class SearchParams:
    q: str
    limit: int
    lang: str | None  # the query's language, when the caller knows it
    ui: str  # the interface language: the prior for detecting the query's

    @classmethod
    def from_args(cls, args) -> SearchParams:
        q = args.get("q", "")
        if len(q) > MAX_QUERY_CHARS:
            raise BadParameter("q", f"q is longer than {MAX_QUERY_CHARS} characters")
        raw = args.get("limit", "10")
        if not raw.isdigit() or not 1 <= int(raw) <= 50:
            raise BadParameter("limit", "limit must be a whole number from 1 to 50")
        lang = args.get("lang") or None
        if lang is not None and lang not in SUPPORTED:
            raise BadParameter("lang", f"lang must be one of {', '.join(SUPPORTED)}")
        ui = args.get("ui", DEFAULT_LANGUAGE)
        if ui not in INTERFACE_LANGUAGES:
            raise BadParameter("ui", f"ui must be one of {', '.join(INTERFACE_LANGUAGES)}")
        return cls(q=q.strip(), limit=int(raw), lang=lang, ui=ui)

    def search(self) -> dict:
        return search(get_index()[0], self.q, limit=self.limit, lang=self.lang, prior=self.ui)


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return jsonify(error={"parameter": error.name, "message": str(error)}), 400


@bp.errorhandler(IndexUnavailable)
def index_unavailable(error: IndexUnavailable):
    return jsonify(error={"message": str(error)}), 503


@bp.get("/api/v1/search")
def api_search():
    return jsonify(SearchParams.from_args(request.args).search())


@bp.get("/")
def page():
    params = SearchParams.from_args(request.args)
    response = params.search() if params.q else None
    return render_template("search.html", q=params.q, response=response)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    _ix, info = get_index()
    return {"status": "ready", "records": info["records"], "built_at": info["built_at"]}
