"""Request parameters: parsed and checked in one place, each error naming its parameter."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from analyzers.languages import CITY_LANGUAGES, SUPPORTED
from indexer.fields import FACETS
from search.core import OPTIONAL_FIELDS
from settings import MAX_FILTER_CHARS, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS

INTERFACE_LANGUAGES = CITY_LANGUAGES


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class SearchParams:
    q: str
    limit: int = 10
    offset: int = 0
    lang: str | None = None  # the query's language, when the caller knows it
    ui: str = "fi"  # the interface language: the prior for detecting the query's
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> value
    fields: tuple[str, ...] = ()  # optional result fields asked for ("text")

    @classmethod
    def from_args(cls, args, ui: str | None = None) -> SearchParams:
        q = args.get("q", "")
        if len(q) > MAX_QUERY_CHARS:
            raise BadParameter("q", f"q is longer than {MAX_QUERY_CHARS} characters")
        lang = args.get("lang") or None
        if lang is not None and lang not in SUPPORTED:
            raise BadParameter("lang", f"lang must be one of {', '.join(SUPPORTED)}")
        ui = ui or args.get("ui", "fi")
        if ui not in INTERFACE_LANGUAGES:
            raise BadParameter("ui", f"ui must be one of {', '.join(INTERFACE_LANGUAGES)}")
        filters = {name: args[name] for name in FACETS if args.get(name)}
        for name, value in filters.items():
            if len(value) > MAX_FILTER_CHARS:
                raise BadParameter(name, f"{name} is longer than {MAX_FILTER_CHARS} characters")
        fields = tuple(f for f in args.get("fields", "").split(",") if f)
        if any(f not in OPTIONAL_FIELDS for f in fields):
            raise BadParameter("fields", f"fields may name {', '.join(OPTIONAL_FIELDS)}")
        return cls(q=q.strip(), limit=_whole(args, "limit", 10, 1, MAX_LIMIT),
                   offset=_whole(args, "offset", 0, 0, MAX_OFFSET), lang=lang, ui=ui, filters=filters,
                   fields=fields)


def check_filters(filters: dict[str, str], known: dict[str, dict]) -> None:
    """A filter value the index does not have is a bad parameter, named (not an empty result)."""
    for name, value in filters.items():
        if value not in known.get(name, {}):
            raise BadParameter(name, f"{name} {value!r} is not a value of the index "
                                     f"(see the facets of a search for the values there are)")


def _whole(args, name: str, default: int, low: int, high: int) -> int:
    raw = unicodedata.normalize("NFKC", args.get(name, str(default))).strip()  # "²" and "③" are 2 and 3
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}")
    return int(raw)
