"""The referral a customer leaves with, in any of the 13 query languages.

In: a record, its units and the customer's language. Out: the referral as plain
text and as HTML (with `dir="rtl"` for Arabic and Persian): what the service or
measure is, whom to contact (the city's own fi/sv/en name) and every channel to
reach them, what to ask for, and a link to the unit's page. A unit with no
channel of its own in our data gives its nearest parent's, and says so; where
none has any, the referral says that too and names the city's general advice
(the `advice` setting). Nothing is made up: every channel comes from the data,
with its source.

The labels come from the referral message catalogue
(`translations/<lang>/LC_MESSAGES/referral.po`, all 13 languages); a test
checks that none is missing.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.support import Translations
from markupsafe import Markup, escape

from analyzers.languages import CITY_LANGUAGES, SUPPORTED
from search.lookup import contact_unit

TRANSLATIONS = Path(__file__).with_name("translations")
DOMAIN = "referral"
RIGHT_TO_LEFT = ("ar", "fa")
SUMMARY_CHARS = 220
# What a channel is called, in the order a referral lists them.
CHANNELS = {"phone": "Phone", "email": "Email", "address": "Street address", "hours": "Opening hours",
            "url": "Web address"}
# Every label of a referral (the catalogue's msgids), for the test that none is missing.
LABELS = ("Measure", "Service", "Unit", "Indicator", "Guidance", "What it is", "Whom to contact",
          *CHANNELS.values(), "Languages served", "Source of the contact details: %(source)s",
          "%(unit)s has no contact details of its own in our data; these are of %(parent)s, "
          "the unit it belongs to.",
          "Our data has no contact details for %(unit)s. Ask here instead:",
          "Also named in the text", "What to ask for", "Ask about: %(title)s", "The unit's page",
          "More information", "Printed on %(date)s", "Scan to open the unit's page", "Referral")
TYPE_LABELS = {"measure": "Measure", "service": "Service", "unit": "Unit", "indicator": "Indicator",
               "guidance": "Guidance"}


@cache
def catalogue(lang: str) -> Translations:
    """The referral labels in `lang` (English msgids where a translation is missing)."""
    return Translations.load(str(TRANSLATIONS), [lang], domain=DOMAIN)


def label(lang: str, msgid: str, **values) -> str:
    text = catalogue(lang).gettext(msgid)
    return text % values if values else text


def city_name(names: dict, lang: str) -> str:
    """A name as the city gives it: in the customer's language where the city has one (fi/sv/en),
    else the Finnish name, with the English one beside it when it differs."""
    if lang in CITY_LANGUAGES and names.get(lang):
        return names[lang]
    fi, en = names.get("fi", ""), names.get("en", "")
    return f"{fi} ({en})" if en and en != fi else fi


def city_text(texts: dict, lang: str, channel: str) -> str:
    """An address or opening hours: in the customer's language where the city gives it; else the
    opening hours in English and the address as the street signs have it, in Finnish."""
    if lang in CITY_LANGUAGES and texts.get(lang):
        return texts[lang]
    first = "en" if channel == "hours" else "fi"
    return texts.get(first) or texts.get("fi") or next(iter(texts.values()), "")


def page_language(lang: str) -> str:
    """The interface language a unit page opens in for a customer's language (fi, sv or en)."""
    return lang if lang in CITY_LANGUAGES else "en"


def build(engine, record: dict, lang: str, page_url, advice: list[dict]) -> dict:
    """The referral of `record` in `lang`: {id, lang, dir, text, html}.

    `page_url(record, ui)` gives a record's or unit's page address in an interface language.
    """
    lang = lang if lang in SUPPORTED else "fi"
    parts = _parts(engine, record, lang, page_url, advice)
    return {"id": record["id"], "lang": lang, "dir": "rtl" if lang in RIGHT_TO_LEFT else "ltr",
            "text": _text(parts), "html": _html(parts, lang)}


def _parts(engine, record: dict, lang: str, page_url, advice: list[dict]) -> list[tuple]:
    """The referral as (kind, label, value) rows, kind being heading, row, note, link or list."""
    title = city_name(record.get("name") or {"fi": record["title"]}, lang)
    rows: list[tuple] = [("heading", label(lang, TYPE_LABELS.get(record["type"], "Referral")), title)]
    if summary := _summary(record, lang):
        rows.append(("row", label(lang, "What it is"), summary))
    units = [record] if record["type"] == "unit" else [u for u in record.get("units", [])]
    for unit in units:
        rows += _contact_rows(engine, unit, lang, advice, page_url)
    if mentioned := [city_name(m["name"], lang) for m in record.get("mentions", [])]:
        rows.append(("row", label(lang, "Also named in the text"), "; ".join(mentioned)))
    if record["type"] != "unit":
        rows.append(("row", label(lang, "What to ask for"), label(lang, "Ask about: %(title)s", title=title)))
    target = next((u for u in units if u.get("id")), None) or record
    which = "The unit's page" if target.get("type", "unit") == "unit" else "More information"
    rows.append(("link", label(lang, which), page_url(target, page_language(lang))))
    return rows


def _contact_rows(engine, unit: dict, lang: str, advice: list[dict], page_url) -> list[tuple]:
    full, reached = contact_unit(engine, unit["id"])
    name = city_name((full or unit).get("name") or {}, lang)
    rows: list[tuple] = [("row", label(lang, "Whom to contact"), name)]
    if reached is None:
        missing = "Our data has no contact details for %(unit)s. Ask here instead:"
        rows.append(("note", "", label(lang, missing, unit=name)))
        for a in advice:
            where = a.get("url") or (page_url(a, page_language(lang)) if a.get("id") else "")
            rows.append(("row", "", city_name(a["name"], lang) + (f": {where}" if where else "")))
        return rows
    if reached["id"] != unit["id"]:
        rows.append(("note", "", label(lang, "%(unit)s has no contact details of its own in our data; "
                                             "these are of %(parent)s, the unit it belongs to.",
                                       unit=name, parent=city_name(reached["name"], lang))))
    contacts = reached.get("contacts", [])
    for channel, msgid in CHANNELS.items():
        for contact in (c for c in contacts if c["channel"] == channel):
            value = contact["value"]
            shown = city_text(value, lang, channel) if isinstance(value, dict) else value
            rows.append(("row", label(lang, msgid), shown))
    if reached.get("languages"):
        names = [Locale.parse(code).get_display_name(lang) or code for code in reached["languages"]]
        rows.append(("row", label(lang, "Languages served"), ", ".join(names)))
    sources = list(dict.fromkeys(c["source"] for c in contacts if c.get("source")))
    if sources:
        rows.append(("note", "", label(lang, "Source of the contact details: %(source)s",
                                       source="; ".join(sources))))
    return rows


def _summary(record: dict, lang: str) -> str:
    if record["type"] == "service" and record.get("path"):
        return " › ".join(city_name(step, lang) for step in record["path"])
    if record["type"] == "unit":
        description = record.get("description") or {}
        text = description.get(lang) if lang in CITY_LANGUAGES else None
        text = text or description.get("fi") or ""
    else:
        text = record.get("goal") or record.get("measure") or record.get("text") or ""
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _text(parts: list[tuple]) -> str:
    lines = []
    for kind, name, value in parts:
        lines.append(f"{name}: {value}" if name and kind != "note" else value)
    return "\n".join(lines)


def _html(parts: list[tuple], lang: str) -> Markup:
    direction = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    out = [f'<section class="referral-text" lang="{lang}" dir="{direction}">']
    for kind, name, value in parts:
        if kind == "heading":
            out.append(f"<h2>{escape(name)}: <bdi>{escape(value)}</bdi></h2>")
        elif kind == "link":
            out.append(f'<p>{escape(name)}: <a href="{escape(value)}" dir="ltr">{escape(value)}</a></p>')
        elif kind == "note":
            out.append(f'<p class="referral-text__note">{escape(value)}</p>')
        elif name:
            out.append(f"<p><strong>{escape(name)}:</strong> <bdi>{escape(value)}</bdi></p>")
        else:
            out.append(f"<p><bdi>{escape(value)}</bdi></p>")
    out.append("</section>")
    return Markup("\n".join(out))


def printed_on(lang: str, today: date | None = None) -> str:
    return label(lang, "Printed on %(date)s", date=(today or date.today()).isoformat())
