"""Importing the city's service register: the service tree and unit records."""

from __future__ import annotations

import ast

from analyzers.languages import CITY_LANGUAGES
from corpus.ids import slug
from corpus.schema import CONTACT_CHANNELS

LANGUAGES = CITY_LANGUAGES
CHANNEL_WORDS = {"phone": "phone", "email": "e-mail"}


def services_from_tree(nodes: list[dict]) -> list[dict]:
    """Service records from the service tree (nodes with name_fi/sv/en and parent_id)."""
    return [
        {
            "tree_id": node["id"],
            "name": _by_language(node, "name"),
            **({"parent": node["parent_id"]} if node.get("parent_id") else {}),
            **({"searchwords": words} if (words := _by_language(node, "extra_searchwords")) else {}),
        }
        for node in sorted(nodes, key=lambda n: n["id"])
    ]


def unit_from_register(unit: dict) -> dict:
    """A unit record from a service-register unit (its names, contacts and services).

    Every contact channel is the register's, and `contact_source` says so: which
    register unit, when it was last modified, and where a channel is not the
    unit's own field but its accessibility contact, that too.
    """
    connections = _connections(unit.get("connections"))
    phone, phone_note = _own_or_accessibility(unit, "phone")
    email, email_note = _own_or_accessibility(unit, "email")
    record = {
        "name": _by_language(unit, "name"),
        "tpr_id": unit["id"],
        "parent": _owner(unit),
        "description": _by_language(unit, "short_desc"),
        "address": {
            lang: f"{street}, {unit.get('address_zip', '')} {unit.get(f'address_city_{lang}', '')}".strip()
            for lang, street in _by_language(unit, "street_address").items()
        },
        "phone": phone,
        "email": email,
        "url": unit.get("www_fi") or unit.get("www") or _first_link(connections),
        "opening_hours": _opening_hours(connections),
        "languages": unit.get("provided_languages", []),
        "services": unit.get("ontologytree_ids", []),
    }
    record = {k: v for k, v in record.items() if v not in (None, "", {}, [])}
    notes = {"phone": phone_note, "email": email_note}
    sources = {channel: register_source(unit, notes.get(channel))
               for channel in CONTACT_CHANNELS if channel in record}
    if sources:
        record["contact_source"] = collapse_sources(sources)
    return record | {"aliases": []}


def register_source(unit: dict, note: str | None = None) -> str:
    """ "service register (TPR) unit 41102, modified 2023-11-13" (with a note after the id)."""
    modified = str(unit.get("modified_time") or "")[:10]
    return (f"service register (TPR) unit {unit['id']}" + (f" ({note})" if note else "")
            + (f", modified {modified}" if modified else ""))


def collapse_sources(sources: dict[str, str]) -> str | dict[str, str]:
    """One text when every channel has the same source, else the mapping channel -> source."""
    return next(iter(sources.values())) if len(set(sources.values())) == 1 else dict(sources)


def _own_or_accessibility(unit: dict, channel: str) -> tuple[str | None, str | None]:
    """The unit's own phone or e-mail, else its accessibility contact's (and a note saying so)."""
    if unit.get(channel):
        return unit[channel], None
    if unit.get(f"accessibility_{channel}"):
        return unit[f"accessibility_{channel}"], f"its accessibility contact {CHANNEL_WORDS[channel]}"
    return None, None


def _opening_hours(connections: list[dict]) -> dict[str, str]:
    """The texts of the OPENING_HOURS connections, per language, a blank line between them."""
    texts: dict[str, list[str]] = {}
    for connection in connections:
        if connection.get("section_type") == "OPENING_HOURS":
            for lang, text in _by_language(connection, "name").items():
                lines = [line.rstrip() for line in text.strip().splitlines()]
                texts.setdefault(lang, []).append("\n".join(lines))
    return {lang: "\n\n".join(parts) for lang, parts in texts.items()}


def _owner(unit: dict) -> str | None:
    """The parent unit's id from the owner text ("kunnallinen palvelu, <division>, Helsingin kaupunki")."""
    parts = [p.strip() for p in str(unit.get("displayed_service_owner_fi") or "").split(",")]
    return slug(parts[1]) if len(parts) > 2 else None


def _connections(connections: str | list | None) -> list[dict]:
    """A unit's connections (links, opening hours, phones); some exports store them as text."""
    if isinstance(connections, str):
        try:
            connections = ast.literal_eval(connections)
        except (ValueError, SyntaxError):
            return []
    return [c for c in connections or [] if isinstance(c, dict)] if isinstance(connections, list) else []


def _first_link(connections: list[dict]) -> str | None:
    """The first web address among a unit's connections."""
    return next((c["www_fi"] for c in connections if c.get("www_fi")), None)


def _by_language(record: dict, prefix: str) -> dict[str, str]:
    return {lang: record[f"{prefix}_{lang}"] for lang in LANGUAGES
            if isinstance(record.get(f"{prefix}_{lang}"), str) and record[f"{prefix}_{lang}"].strip()}
