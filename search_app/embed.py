"""The widget for other sites: /embed/widget.js (Shadow DOM) and the /embed iframe page.

widget.js draws a search box on the partner's own page and calls /api/v1/search from
there, so the partner's origin must be in the `cors_origins` setting. /embed is the same
search as a small server-rendered page for an <iframe>: it works without JavaScript and
without CORS, and any site may frame it (it has no forms that change anything, so there is
nothing to click-jack).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory

from search_app import CSP
from search_app.advice import advice
from search_app.index import get_engine
from search_app.params import INTERFACE_LANGUAGES, BadParameter, SearchParams, check_filters

bp = Blueprint("embed", __name__)
WIDGET_MAX_AGE = 3600  # seconds: partners' pages load widget.js on every view

# The iframe page's few words; static/widget.js has the same table for the widget.
STRINGS = {
    "fi": {"label": "Hae Helsingin kaupungin palveluista", "placeholder": "esim. suomen kielen kurssi",
           "button": "Hae", "none": "Ei tuloksia.", "one": "1 tulos", "many": "{n} tulosta",
           "responsible": "Vastuutaho:", "new_tab": "(avautuu uuteen välilehteen)",
           "all": "Kaikki tulokset Palveluhaussa",
           "unsure": "Haku ei löytänyt tähän selvää vastausta. Neuvontaa saat täältä:"},
    "sv": {"label": "Sök i Helsingfors stads tjänster", "placeholder": "t.ex. kurs i finska",
           "button": "Sök", "none": "Inga resultat.", "one": "1 resultat", "many": "{n} resultat",
           "responsible": "Ansvarig:", "new_tab": "(öppnas i en ny flik)",
           "all": "Alla resultat i Palveluhaku",
           "unsure": "Sökningen hittade inget tydligt svar på detta. Här får du personlig rådgivning:"},
    "en": {"label": "Search the City of Helsinki's services", "placeholder": "e.g. Finnish language course",
           "button": "Search", "none": "No results.", "one": "1 result", "many": "{n} results",
           "responsible": "Responsible:", "new_tab": "(opens in a new tab)",
           "all": "All results in Palveluhaku",
           "unsure": "The search found no clear answer to this. A person can help:"},
}


def frameable_anywhere(view):
    """Let any site frame `view`: what Talisman's per-view decorator `@talisman(...)` sets.

    Editing the headers in an after_request would not do: Talisman's own after_request
    runs after every blueprint's and writes them again.
    """
    view.talisman_view_options = {"frame_options": None,
                                  "content_security_policy": {**CSP, "frame-ancestors": "*"}}
    return view


@bp.get("/embed/widget.js")
def widget():
    return send_from_directory(current_app.static_folder, "widget.js", mimetype="text/javascript",
                               max_age=WIDGET_MAX_AGE)


@bp.get("/embed/frame.js")
def frame_script():
    """The iframe snippet's script: it fits each iframe.palveluhaku to the height its page posts."""
    return send_from_directory(current_app.static_folder, "frame.js", mimetype="text/javascript",
                               max_age=WIDGET_MAX_AGE)


@bp.get("/embed/access")
def access():
    """Whether the calling page's origin may use the JSON API, for the widget to say so plainly.

    Any origin may ask (it learns only about itself), so this one answer allows every origin.
    """
    origin = request.headers.get("Origin", "")
    response = jsonify(origin=origin, allowed=origin_allowed(origin))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def origin_allowed(origin: str) -> bool:
    return origin in current_app.config["SEARCH"]["cors_origins"]


@bp.get("/embed")
@frameable_anywhere
def iframe():
    lang = embed_language()
    args = request.args.copy()
    args.pop("lang", None)  # here `lang` is the interface's language, not the query's
    params = SearchParams.from_args(args, ui=lang)
    engine = get_engine()
    check_filters(params.filters, engine.backend.facet_values)
    response = engine.search(params.q, limit=params.limit, offset=params.offset,
                             prior=lang, filters=params.filters) if params.q else None
    unsure = advice(engine) if response and response["confidence"] == "low" else None
    return render_page(lang, q=params.q, response=response, advice=unsure)


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return render_page(embed_language(), q="", error=str(error)), 400


def embed_language() -> str:
    """?lang= when it is an interface language, else Finnish: a partner's typo still shows a page."""
    lang = request.args.get("lang")
    return lang if lang in INTERFACE_LANGUAGES else "fi"


def render_page(lang: str, q: str, response: dict | None = None, error: str | None = None,
                advice: list[dict] | None = None) -> str:
    words = STRINGS[lang]
    count = count_text(words, response["total"]) if response else None
    return render_template("embed.html", lang=lang, words=words, q=q, response=response, count=count,
                           error=error, advice=advice)


def count_text(words: dict, total: int) -> str:
    """The number of results in words.

    >>> count_text(STRINGS["fi"], 0), count_text(STRINGS["fi"], 1), count_text(STRINGS["en"], 12)
    ('Ei tuloksia.', '1 tulos', '12 results')
    """
    if total == 0:
        return words["none"]
    return words["one"] if total == 1 else words["many"].format(n=total)
