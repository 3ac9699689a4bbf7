"""The HTML pages: search, record and unit pages, in the interface language.

Each view parses its parameters, asks the search core or the lookups, and
renders one template. The interface language (`ui`) is Flask-Babel's locale;
record text stays Finnish, names of units and services follow `ui`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

import yaml
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound

from indexer.store import IndexUnavailable
from search.lookup import get_record, records_of_unit
from search_app.advice import advice
from search_app.index import get_engine
from search_app.params import INTERFACE_LANGUAGES, BadParameter, SearchParams
from settings import MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS

bp = Blueprint("pages", __name__)
AUTONYMS = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
TYPES = {"measure": _l("Measure"), "service": _l("Service"), "unit": _l("Unit"),
         "indicator": _l("Indicator"), "guidance": _l("Guidance")}
PAGE_LINKS = 7  # numbered page links around the current page


class Title(NamedTuple):
    text: str
    lang: str


@bp.app_context_processor
def interface():
    """What every template needs: the interface language, the languages, the record types' names."""
    return {"ui": str(get_locale()), "autonyms": AUTONYMS, "types": {k: str(v) for k, v in TYPES.items()}}


@bp.app_template_global()
def title_of(record: dict) -> Title:
    """A record's or unit's name in the interface language where it has one, else its Finnish title."""
    ui = str(get_locale())
    names = record.get("name") or {}
    if names.get(ui):
        return Title(names[ui], ui)
    return Title(record.get("title") or names.get("fi", ""), "fi")


@bp.app_template_global()
def language_name(code: str) -> str:
    """A language's name in the interface language ("en" is "englanti" in Finnish)."""
    return get_locale().languages.get(code, code)


@bp.app_template_global()
def url_with(**changes) -> str:
    """This page's address with some query parameters changed (None drops one)."""
    args = {**request.args.to_dict(), **changes}
    query = urlencode({k: v for k, v in args.items() if v not in (None, "")})
    return request.path + ("?" + query if query else "")


@bp.app_template_global()
def record_url(record: dict, external: bool = False) -> str:
    """The page of a record: a unit's own page, the record page for anything else."""
    if record.get("type") == "unit":
        return url_for("pages.unit_page", unit_id=record["id"], _external=external)
    return url_for("pages.record_page", record_id=record["id"], _external=external)


@bp.get("/")
def page():
    params = SearchParams.from_args(request.args, ui=str(get_locale()))
    if not params.q:
        return render_template("search.html", params=params, response=None)
    engine = get_engine()
    response = engine.search(params.q, limit=params.limit, offset=params.offset, lang=params.lang,
                             prior=params.ui, filters=params.filters)
    unit_ids = {*response["facets"]["unit"], *filter(None, [params.filters.get("unit")])}
    referral_texts = {r["id"]: engine.memo(("referrals", r["id"], request.host_url),
                                           lambda r=r: referrals(r, units_of(engine, r)))
                      for r in response["results"]}
    return render_template("search.html", params=params, response=response, corpus=corpus_names(),
                           unit_names={u: unit_name(engine, u) for u in unit_ids},
                           pages=pagination(response["total"], params.offset, params.limit),
                           referrals=referral_texts,
                           advice=advice(engine) if response["confidence"] == "low" else [])


@bp.get("/records/<record_id>")
def record_page(record_id: str):
    engine = get_engine()
    record = get_record(engine, record_id)
    if record is None:
        abort(404)
    if record["type"] == "unit":
        return redirect(url_for(".unit_page", unit_id=record_id))
    units = units_of(engine, record)
    return render_template("record.html", record=record, units=units, referrals=referrals(record, units),
                           corpus=corpus_names())


@bp.get("/units/<unit_id>")
def unit_page(unit_id: str):
    engine = get_engine()
    unit = unit_record(engine, unit_id)
    if unit is None:
        abort(404)
    services = [s for s in (get_record(engine, sid) for sid in unit.get("services", [])) if s]
    parent = unit_record(engine, unit["parent"]) if unit.get("parent") else None
    return render_template("unit.html", unit=unit, parent=parent, services=services,
                           records=records_of_unit(engine, unit_id), referrals=referrals(unit, [unit]),
                           corpus=corpus_names())


@bp.get("/assets/hds/<path:filename>")
def hds(filename: str):
    """The City of Helsinki design system's CSS, served from its npm package."""
    return send_from_directory(Path(current_app.config["SEARCH"]["assets_dir"]) / "hds-core" / "lib",
                               filename, max_age=24 * 3600)


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    limits = {"q": MAX_QUERY_CHARS, "limit": MAX_LIMIT, "offset": MAX_OFFSET}
    return render_template("error.html", status=400, parameter=error.name, detail=str(error),
                           limit=limits.get(error.name), q=request.args.get("q", "")[:MAX_QUERY_CHARS]), 400


@bp.errorhandler(IndexUnavailable)
def index_unavailable(error: IndexUnavailable):
    return render_template("error.html", status=503, detail=str(error)), 503


@bp.app_errorhandler(NotFound)
def not_found(error: NotFound):
    """A translated page for any unknown address; the API keeps its own JSON errors."""
    if request.path.startswith("/api/"):
        return error
    return render_template("error.html", status=404), 404


def pagination(total: int, offset: int, limit: int) -> dict | None:
    """Offsets of the previous, next and nearby pages; None when everything fits on one page."""
    last = min((total - 1) // limit, MAX_OFFSET // limit) if total else 0
    if last == 0:
        return None
    current = min(offset // limit, last)
    first_shown = max(0, min(current - PAGE_LINKS // 2, last - PAGE_LINKS + 1))
    shown = range(first_shown, min(last, first_shown + PAGE_LINKS - 1) + 1)
    return {"current": current + 1, "pages": [(n + 1, n * limit) for n in shown],
            "previous": (current - 1) * limit if current else None,
            "next": (current + 1) * limit if current < last else None,
            "first": shown[0] > 0, "last": (last + 1, last * limit) if shown[-1] < last else None}


def referrals(record: dict, units: list[dict]) -> dict[str, str]:
    """A short plain-text referral for the customer, in each interface language."""
    address = record_url(record, external=True)
    texts = {}
    for lang in INTERFACE_LANGUAGES:
        with force_locale(lang):
            text = render_template("referral.txt", record=record, units=units, address=address)
        texts[lang] = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return texts


def units_of(engine, record: dict) -> list[dict]:
    """The full records of a record's responsible units (with web address and contacts)."""
    return [unit_record(engine, u["id"]) or u for u in record["units"]]


def unit_name(engine, unit_id: str) -> str:
    unit = unit_record(engine, unit_id)
    return title_of(unit).text if unit else unit_id


def unit_record(engine, unit_id: str) -> dict | None:
    """The unit with this id (None if there is none, or the id is not a unit's)."""
    record = engine.memo(("record", unit_id), lambda: get_record(engine, unit_id))
    return record if record and record["type"] == "unit" else None


def corpus_names() -> dict[str, dict]:
    """Programme names (fi/sv/en) and document titles, from the corpus the index was built from."""
    folder = Path(current_app.config["SEARCH"]["corpus_dir"])
    return {"programmes": {p["key"]: p.get("name", {}) for p in _corpus_file(folder / "programmes.yaml")},
            "documents": {d["id"]: d.get("title", d["id"]) for d in _corpus_file(folder / "documents.yaml")}}


def _corpus_file(path: Path) -> list[dict]:
    try:
        return _read_yaml(path, path.stat().st_mtime_ns)
    except OSError:
        return []


@lru_cache(maxsize=8)
def _read_yaml(path: Path, _mtime: int) -> list[dict]:
    return yaml.safe_load(path.read_text("utf-8")) or []
