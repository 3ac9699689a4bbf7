"""The JSON API, version 1: search, records, units, suggestions and its own OpenAPI document."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import yaml
from flask import Blueprint, abort, current_app, jsonify, request

from analyzers.languages import SUPPORTED
from indexer.store import IndexUnavailable
from search.lookup import get_record, records_of_unit
from search_app import referral
from search_app.advice import advice
from search_app.index import get_engine
from search_app.params import INTERFACE_LANGUAGES, BadParameter, SearchParams, check_filters
from settings import MAX_SUGGEST_CHARS

bp = Blueprint("api", __name__)
OPENAPI = Path(__file__).with_name("openapi.yaml")
PROBE_QUERY = "palvelu"  # the health check's search: a common word of the corpus


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return jsonify(error={"parameter": error.name, "message": str(error)}), 400


def not_found(what: str, record_id: str):
    return jsonify(error={"message": f"no {what} with id {record_id!r}"}), 404


@bp.get("/api/v1/search")
def api_search():
    p = SearchParams.from_args(request.args)
    engine = get_engine()
    check_filters(p.filters, engine.backend.facet_values)
    response = engine.search(p.q, limit=p.limit, offset=p.offset, lang=p.lang, prior=p.ui, filters=p.filters,
                             fields=p.fields)
    return jsonify({**response, "results": [localised(r, p.ui) for r in response["results"]],
                    "advice": advice(engine) if response["confidence"] == "low" else []})


class Title(NamedTuple):
    text: str
    lang: str


def title_in(record: dict, ui: str) -> Title:
    """A record's or unit's name in the interface language where it has one, else its Finnish title."""
    names = record.get("name") or {}
    if names.get(ui):
        return Title(names[ui], ui)
    return Title(record.get("title") or names.get("fi", ""), "fi")


def localised(record: dict, ui: str) -> dict:
    """A record or result with `names` (fi/sv/en where the city has them), its `title` in the
    interface language where there is one (`title_lang` says which), and its page's `url`."""
    title = title_in(record, ui)
    return {**record, "title": title.text, "title_lang": title.lang,
            "names": record.get("name") or {"fi": record["title"]}, "url": page_url(record, ui)}


def referral_of(engine, record: dict, lang: str) -> dict:
    """The record's referral in `lang` (search_app.referral), kept for this build and public address."""
    return engine.memo(("referral", record["id"], lang, public_address("")),
                       lambda: referral.build(engine, record, lang, page_url, advice(engine)))


def page_url(record: dict, ui: str) -> str:
    """The address of a record's human-readable page in an interface language."""
    # The pages' routes (/units/<id>, /records/<id>) as url_for builds them, at a tenth of its cost.
    kind = "units" if record.get("type", "unit") == "unit" else "records"
    return public_address(f"{request.script_root}/{kind}/{quote(record['id'], safe='')}?ui={ui}")


def public_address(path: str) -> str:
    """The absolute address of one of our paths: under the `public_url` setting where it is set
    (the links a counsellor copies must not depend on a request's Host), else the request's host,
    which the `allowed_hosts` setting has checked."""
    base = current_app.config["SEARCH"]["public_url"].rstrip("/") or request.host_url.rstrip("/")
    return base + path


def _ui() -> str:
    ui = request.args.get("ui", "fi")
    if ui not in INTERFACE_LANGUAGES:
        raise BadParameter("ui", f"ui must be one of {', '.join(INTERFACE_LANGUAGES)}")
    return ui


@bp.get("/api/v1/records/<record_id>")
def api_record(record_id: str):
    record = get_record(get_engine(), record_id)
    return jsonify(localised(record, _ui())) if record else not_found("record", record_id)


@bp.get("/api/v1/units/<unit_id>")
def api_unit(unit_id: str):
    engine = get_engine()
    unit = get_record(engine, unit_id)
    if not unit or unit["type"] != "unit":
        return not_found("unit", unit_id)
    ui = _ui()
    responsible_for = [{k: r.get(k) for k in ("id", "type", "title", "number", "programme")}
                       for r in records_of_unit(engine, unit_id)]
    return jsonify({**localised(unit, ui), "responsible_for": responsible_for})


@bp.get("/api/v1/referral")
def api_referral():
    """The referral of a record in a customer's language (any of the 13): plain text and HTML."""
    record_id, lang = request.args.get("id", ""), request.args.get("lang", "fi")
    if lang not in SUPPORTED:
        raise BadParameter("lang", f"lang must be one of {', '.join(SUPPORTED)}")
    engine = get_engine()
    record = get_record(engine, record_id) if record_id else None
    if record is None:
        return not_found("record", record_id)
    return jsonify(referral_of(engine, record, lang))


@bp.route("/api/<path:_rest>")
def api_not_found(_rest: str):
    abort(404)


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
    """Ready when the build in use answers: a record and a posting list are read past the caches,
    and a search runs; else 503 with the reason (never a server path)."""
    engine = get_engine()
    try:
        engine.backend.probe()
        engine.search(PROBE_QUERY, limit=1)
    except IndexUnavailable:
        raise
    except Exception as error:  # a damaged file, a lost database: not ready, and why
        current_app.logger.warning("readyz: the build in use does not answer: %r", error)
        return jsonify(error={"message": "the index in use cannot be read: "
                              f"{type(error).__name__}; run python -m indexer build"}), 503
    info, backend = engine.info, current_app.config["SEARCH"]["backend"]
    ready = {"status": "ready", "backend": backend, "records": info["records"], "built_at": info["built_at"],
             "build": info.get("build")}
    if backend == "postgresql":
        from search.postgresql import replication_lag

        ready |= {"version": info["version"], "replication_lag_s": replication_lag(engine.backend.db)}
    return ready
