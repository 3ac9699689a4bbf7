"""The JSON API, version 1: search, records, units, suggestions and its own OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import yaml
from flask import Blueprint, current_app, jsonify, request

from indexer.store import IndexUnavailable
from search.lookup import get_record, records_of_unit
from search_app.advice import advice
from search_app.index import get_engine
from search_app.params import BadParameter, SearchParams
from settings import MAX_SUGGEST_CHARS

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
    engine = get_engine()
    response = engine.search(p.q, limit=p.limit, offset=p.offset, lang=p.lang, prior=p.ui, filters=p.filters,
                             fields=p.fields)
    return jsonify({**response, "advice": advice(engine) if response["confidence"] == "low" else []})


@bp.get("/api/v1/records/<record_id>")
def api_record(record_id: str):
    record = get_record(get_engine(), record_id)
    return jsonify(record) if record else not_found("record", record_id)


@bp.get("/api/v1/units/<unit_id>")
def api_unit(unit_id: str):
    engine = get_engine()
    unit = get_record(engine, unit_id)
    if not unit or unit["type"] != "unit":
        return not_found("unit", unit_id)
    responsible_for = [{k: r.get(k) for k in ("id", "type", "title", "number", "programme")}
                       for r in records_of_unit(engine, unit_id)]
    return jsonify({**unit, "responsible_for": responsible_for})


@bp.get("/api/v1/suggest")
def api_suggest():
    q = request.args.get("q", "")
    if len(q) > MAX_SUGGEST_CHARS:
        raise BadParameter("q", f"q is longer than {MAX_SUGGEST_CHARS} characters")
    return jsonify(suggestions=get_engine().suggest(q))


@bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(yaml.safe_load(OPENAPI.read_text("utf-8")))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    engine = get_engine()
    info, backend = engine.info, current_app.config["SEARCH"]["backend"]
    ready = {"status": "ready", "backend": backend, "records": info["records"], "built_at": info["built_at"]}
    if backend == "postgresql":
        from search.postgresql import replication_lag

        ready |= {"version": info["version"], "replication_lag_s": replication_lag(engine.backend.db)}
    return ready
