"""The HTML pages: search, record and unit pages, in the interface language.

Each view parses its parameters, asks the search core or the lookups, and
renders one template. The interface language (`ui`) is Flask-Babel's locale;
record text stays Finnish, names of units and services follow `ui`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

import segno
import yaml
from babel import Locale
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
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from analyzers.languages import SUPPORTED
from search.lookup import contact_unit, get_record, records_of_unit
from search_app import referral
from search_app.advice import advice
from search_app.api import Title, page_url, public_address, referral_of, title_in
from search_app.index import get_engine
from search_app.params import BadParameter, SearchParams, check_filters
from settings import MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS

bp = Blueprint("pages", __name__)
AUTONYMS = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
TYPES = {"measure": _l("Measure"), "service": _l("Service"), "unit": _l("Unit"),
         "indicator": _l("Indicator"), "guidance": _l("Guidance")}
CHANNEL_NAMES = {"phone": _l("Phone"), "email": _l("Email"), "address": _l("Address"),
                 "url": _l("Web address"), "hours": _l("Opening hours")}
PAGE_LINKS = 7  # numbered page links around the current page


@bp.app_context_processor
def interface():
    """What every template needs: the interface language, the languages, the record types' names."""
    return {"ui": str(get_locale()), "autonyms": AUTONYMS, "types": {k: str(v) for k, v in TYPES.items()},
            "channel_names": {k: str(v) for k, v in CHANNEL_NAMES.items()}, "today": date.today().isoformat()}


@bp.app_template_global()
def title_of(record: dict) -> Title:
    """A record's or unit's name in the interface language where it has one, else its Finnish title."""
    return title_in(record, str(get_locale()))


@bp.app_template_global()
def language_name(code: str) -> str:
    """A language's name in the interface language ("en" is "englanti" in Finnish)."""
    return get_locale().languages.get(code, code)


@bp.app_template_global()
def reachable(unit: dict) -> dict | None:
    """The unit whose channels a customer can use for `unit`: itself, or its nearest parent with any."""
    engine = get_engine()
    return engine.memo(("reachable", unit["id"]), lambda: contact_unit(engine, unit["id"])[1])


@bp.app_template_filter("language_name")
def language_name_filter(code: str) -> str:
    return language_name(code)


@bp.app_template_global()
def language_autonym(code: str) -> str:
    """A language's name in itself ("Soomaali", "العربية"), as the customer would look for it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@bp.app_template_global()
def url_with(**changes) -> str:
    """This page's address with some query parameters changed (None drops one)."""
    args = {**request.args.to_dict(), **changes}
    query = urlencode({k: v for k, v in args.items() if v not in (None, "")})
    return local_path(request.path) + ("?" + query if query else "")


def local_path(path: str) -> str:
    """A path that stays on this site: one leading "/", the rest percent-encoded, so that
    "/\\evil.example" or "//evil.example" never becomes a link to another host.

    >>> local_path("/\\evil.example"), local_path("//evil.example/x"), local_path("/records/a b")
    ('/evil.example', '/evil.example/x', '/records/a%20b')
    """
    return "/" + quote(path.lstrip("/\\"), safe="/-._~!$&'()*+,;=:@")


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
    check_filters(params.filters, engine.backend.facet_values)
    response = engine.search(params.q, limit=params.limit, offset=params.offset, lang=params.lang,
                             prior=params.ui, filters=params.filters)
    unit_ids = {*response["facets"]["unit"], *filter(None, [params.filters.get("unit")])}
    referral_texts = {r["id"]: referrals(engine, r) for r in response["results"]}
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
    providers = [u for u in (unit_record(engine, uid) for uid in record.get("providers", [])) if u]
    return render_template("record.html", record=record, units=units, referrals=referrals(engine, record),
                           providers=providers, corpus=corpus_names())


@bp.get("/units/<unit_id>")
def unit_page(unit_id: str):
    engine = get_engine()
    unit = unit_record(engine, unit_id)
    if unit is None:
        abort(404)
    services = [s for s in (get_record(engine, sid) for sid in unit.get("services", [])) if s]
    parent = unit_record(engine, unit["parent"]) if unit.get("parent") else None
    return render_template("unit.html", unit=unit, parent=parent, services=services,
                           records=records_of_unit(engine, unit_id),
                           named_in=records_of_unit(engine, unit_id, field="mentions"),
                           referrals=referrals(engine, unit), corpus=corpus_names())


@bp.get("/records/<record_id>/handout")
def handout(record_id: str):
    """One printable page for the customer: the referral in their language, a QR code to the unit's
    page, the date and this page's address; none of the internal follow-up."""
    engine = get_engine()
    record = get_record(engine, record_id)
    if record is None:
        abort(404)
    lang = request.args.get("lang", str(get_locale()))
    if lang not in SUPPORTED:
        raise BadParameter("lang", f"lang must be one of {', '.join(SUPPORTED)}")
    built = referral_of(engine, record, lang)
    target = next((u for u in ([record] if record["type"] == "unit" else record["units"])), record)
    link = page_url(target, referral.page_language(lang))
    scan = referral.label(lang, "Scan to open the unit's page")
    qr = Markup(segno.make(link, error="m").svg_inline(scale=3, title=scan))  # noqa: S704 - segno's own SVG
    return render_template("handout.html", record=record, referral=built, qr=qr, link=link, scan=scan,
                           printed=referral.printed_on(lang), address=public_address(request.full_path),
                           lang=lang)


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


def referrals(engine, record: dict) -> dict[str, dict]:
    """The record's referral in the interface language (search_app.referral) and, for the page's
    menu of the 13 languages, each language's direction; the script fetches the others from
    /api/v1/referral when one is chosen: {lang: {text, dir}}."""
    ui = str(get_locale())
    return {lang: referral_of(engine, record, lang) if lang == ui else
            {"text": None, "dir": "rtl" if lang in referral.RIGHT_TO_LEFT else "ltr"} for lang in SUPPORTED}



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
