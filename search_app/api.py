"""The JSON API, version 1: search, records, units, suggestions and its own OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import yaml
from flask import Blueprint, jsonify, request

from indexer.lookup import get_record, records_of_unit, suggest
from indexer.search import search
from indexer.store import IndexUnavailable
from search_app.index import get_index
from search_app.params import BadParameter, SearchParams

bp = Blueprint("api", __name__)
OPENAPI = Path(__file__).with_name("openapi.yaml")


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return jsonify(error={"parameter": error.name, "message": str(error)}), 400


@bp.errorhandler(IndexUnavailable)
def index_unavailable(error: IndexUnavailable):
    return jsonify(error={"message": str(error)}), 503


def not_found(what: str, record_id: str):
    return jsonify(error={"message": f"no {what} with id {record_id!r}"}), 404


@bp.get("/api/v1/search")
def api_search():
    p = SearchParams.from_args(request.args)
    return jsonify(search(get_index()[0], p.q, limit=p.limit, offset=p.offset, lang=p.lang,
                          prior=p.ui, filters=p.filters))


@bp.get("/api/v1/records/<record_id>")
def api_record(record_id: str):
    record = get_record(get_index()[0], record_id)
    return jsonify(record) if record else not_found("record", record_id)


@bp.get("/api/v1/units/<unit_id>")
def api_unit(unit_id: str):
    ix = get_index()[0]
    unit = get_record(ix, unit_id)
    if not unit or unit["type"] != "unit":
        return not_found("unit", unit_id)
    responsible_for = [{k: r.get(k) for k in ("id", "type", "title", "number", "programme")}
                       for r in records_of_unit(ix, unit_id)]
    return jsonify({**unit, "responsible_for": responsible_for})


@bp.get("/api/v1/suggest")
def api_suggest():
    q = request.args.get("q", "")
    if len(q) > 100:
        raise BadParameter("q", "q is longer than 100 characters")
    return jsonify(suggestions=suggest(get_index()[0], q))


@bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(yaml.safe_load(OPENAPI.read_text("utf-8")))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    _ix, info = get_index()
    return {"status": "ready", "records": info["records"], "built_at": info["built_at"]}
