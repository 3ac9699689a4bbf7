"""The record types of the corpus, declared once, and their validation.

Each record type is a dataclass; its fields and their annotations are the
schema. `validate` turns a YAML mapping into a record or raises
`CorpusError` naming the file, the line and the field.

>>> validate(Programme, {"key": "p", "name": {"fi": "Ohjelma"}}, "x.yaml", 3).key
'p'
>>> validate(Programme, {"key": "p", "nimi": 1}, "x.yaml", 3)
Traceback (most recent call last):
...
corpus.schema.CorpusError: x.yaml:3: unknown field 'nimi' in a programme (known: key, name, numbering)
>>> validate(Programme, {"key": 5, "name": {"fi": "Ohjelma"}}, "x.yaml", 3)
Traceback (most recent call last):
...
corpus.schema.CorpusError: x.yaml:3: field 'key' must be a string, not int; quote it: "5"
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field

Names = dict[str, str]  # ISO 639-1 code -> text


class ChannelSources(dict):
    """A unit's contact channel (field name: phone, email, ...) -> where its value comes from."""


class CorpusError(ValueError):
    """A corpus file that does not follow the schema; says where."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True)
class Source:
    document: str
    line: int | None = None
    section: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Document:
    id: str
    file: str
    title: str
    kind: str


@dataclass(frozen=True)
class Programme:
    key: str
    name: Names
    numbering: str = "programme"


@dataclass(frozen=True)
class Measure:
    programme: str
    theme: str
    text: str
    responsible: str
    sources: list[Source]
    number: str | None = None
    title: str | None = None
    kind: str = "measure"
    package: str | None = None
    goal: str | None = None
    indicators: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    report: str | None = None
    progress: str | None = None


@dataclass(frozen=True)
class Indicator:
    programme: str
    name: str
    responsible: str
    sources: list[Source]
    data_source: str | None = None
    units: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Unit:
    name: Names
    parent: str | None = None
    url: str | None = None
    aliases: list[str] = field(default_factory=list)
    tpr_id: int | None = None
    description: Names = field(default_factory=dict)
    address: Names = field(default_factory=dict)
    phone: str | None = None
    email: str | None = None
    services: list[int] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    opening_hours: Names = field(default_factory=dict)
    contact_source: str | ChannelSources | None = None

    def channels(self) -> list[str]:
        """The contact channels this unit has, by field name, in `CONTACT_CHANNELS` order."""
        return [name for name in CONTACT_CHANNELS if getattr(self, name)]

    def source_of(self, channel: str) -> str | None:
        """Where a channel's value comes from (None: not said, or no such channel)."""
        if not getattr(self, channel) or not self.contact_source:
            return None
        if isinstance(self.contact_source, str):
            return self.contact_source
        return self.contact_source.get(channel)


# A unit's contact channels (field names), in the order a page lists them; each needs a source.
CONTACT_CHANNELS = ("phone", "email", "address", "url", "opening_hours", "languages")


@dataclass(frozen=True)
class Service:
    tree_id: int
    name: Names
    parent: int | None = None
    searchwords: Names = field(default_factory=dict)


@dataclass(frozen=True)
class Guidance:
    document: str
    heading: str
    text: str
    line: int | None = None


RECORD_NAMES = {
    Document: "document",
    Programme: "programme",
    Measure: "measure",
    Indicator: "indicator",
    Unit: "unit",
    Service: "service",
    Guidance: "guidance passage",
    Source: "source",
}


def validate(cls: type, data: object, path: str, line: int | None):
    """Build a `cls` record from a YAML mapping, checking fields and types.

    An error names the line of the field at fault where the mapping knows it (`LineDict.lines`),
    else the record's.
    """
    what = RECORD_NAMES[cls]
    if not isinstance(data, dict):
        raise CorpusError(path, line, f"a {what} must be a mapping, not {_kind(data)}")
    hints, fields = _fields_of(cls)
    lines = getattr(data, "lines", {})
    unknown = sorted(set(data) - set(fields))
    if unknown:
        known = ", ".join(fields)
        raise CorpusError(path, lines.get(unknown[0], line),
                          f"unknown field {unknown[0]!r} in a {what} (known: {known})")
    for name, f in fields.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and data.get(name) in (None, ""):
            raise CorpusError(path, lines.get(name, line), f"a {what} needs {name!r}")
    values = {
        name: _convert(hints[name], value, path, _line(value, lines.get(name, line)), f"field {name!r}")
        for name, value in data.items()
    }
    return cls(**values)


@functools.cache
def _fields_of(cls: type) -> tuple[dict, dict]:
    """A record class's type hints and dataclass fields, by name (read once per class)."""
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def _convert(hint, value, path: str, line: int | None, where: str):
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        return _convert(_alternative(args, value), value, path, line, where)
    if origin is list:
        if not isinstance(value, list):
            raise CorpusError(path, line, f"{where} must be a list, not {_kind(value)}")
        return [_convert(args[0], v, path, _line(v, line), where) for v in value]
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise CorpusError(path, line, f"{where} must map language codes to text")
        return dict(value)
    if dataclasses.is_dataclass(hint):
        return validate(hint, value, path, line)
    if hint is ChannelSources:
        if not all(isinstance(v, str) and v.strip() for v in value.values()):
            raise CorpusError(path, line, f"{where} must map each contact channel to a text")
        return ChannelSources(value)
    if not isinstance(value, hint) or isinstance(value, bool):
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        quote = f'; quote it: "{value}"' if hint is str and numeric else ""
        raise CorpusError(path, line, f"{where} must be {TYPE_NAMES.get(hint, hint.__name__)}, "
                                      f"not {_kind(value)}{quote}")
    return value


def _alternative(args: tuple, value: object):
    """The type of a union (`str | dict[str, str] | None`) that fits the value's shape."""
    options = [a for a in args if a is not type(None)]
    shapes = {ChannelSources: dict}
    return next((o for o in options if isinstance(value, shapes.get(o) or typing.get_origin(o) or o)),
                options[0])


def _line(value: object, default: int | None) -> int | None:
    return getattr(value, "line", default)


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "empty" if value is None else type(value).__name__
