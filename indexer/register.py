"""Importing the city's service register: the service tree and unit records."""

from __future__ import annotations

import ast

from analyzers.languages import CITY_LANGUAGES
from corpus.ids import slug

LANGUAGES = CITY_LANGUAGES


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
    """A unit record from a service-register unit (its names, contacts and services)."""
    record = {
        "name": _by_language(unit, "name"),
        "tpr_id": unit["id"],
        "description": _by_language(unit, "short_desc"),
        "address": {
            lang: f"{street}, {unit.get('address_zip', '')} {unit.get(f'address_city_{lang}', '')}".strip()
            for lang, street in _by_language(unit, "street_address").items()
        },
        "phone": unit.get("phone"),
        "email": unit.get("email") or unit.get("accessibility_email"),
        "url": _first_link(unit.get("connections")),
        "parent": _owner(unit),
        "services": unit.get("ontologytree_ids", []),
        "languages": unit.get("provided_languages", []),
        "aliases": [],
    }
    return {k: v for k, v in record.items() if v not in (None, {}, [])} | {"aliases": []}


def _owner(unit: dict) -> str | None:
    """The parent unit's id from the owner text ("kunnallinen palvelu, <division>, Helsingin kaupunki")."""
    parts = [p.strip() for p in unit.get("displayed_service_owner_fi", "").split(",")]
    return slug(parts[1]) if len(parts) > 2 else None


def _first_link(connections: str | list | None) -> str | None:
    """The first web address among a unit's connections (the register stores them as text)."""
    if isinstance(connections, str):
        try:
            connections = ast.literal_eval(connections)
        except (ValueError, SyntaxError):
            return None
    links = (c.get("www_fi") for c in connections or [] if isinstance(c, dict))
    return next((link for link in links if link), None)


def _by_language(record: dict, prefix: str) -> dict[str, str]:
    return {lang: record[f"{prefix}_{lang}"] for lang in LANGUAGES if record.get(f"{prefix}_{lang}")}
