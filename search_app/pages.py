"""The HTML pages: search, record and unit pages, in the interface language."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from indexer.search import search
from search_app.index import get_index
from search_app.params import SearchParams

bp = Blueprint("pages", __name__)


@bp.get("/")
def page():
    from search_app import interface_language

    params = SearchParams.from_args(request.args, ui=interface_language())
    response = search(get_index()[0], params.q, limit=params.limit, offset=params.offset,
                      lang=params.lang, prior=params.ui, filters=params.filters) if params.q else None
    return render_template("search.html", q=params.q, response=response)
