"""Reading corpus YAML with the line of every mapping, for error messages."""

from __future__ import annotations

from pathlib import Path

import yaml

from corpus.schema import CorpusError


class LineDict(dict):
    """A mapping that remembers the line it starts on (1-based)."""

    line: int | None = None


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: 6× faster
    def construct_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def read_yaml(path: Path) -> object:
    """Parse a YAML file; a syntax error or bad encoding becomes a CorpusError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CorpusError(path, None, f"not UTF-8 text ({error.reason})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise CorpusError(path, line, f"not valid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise CorpusError(path, None, f"not valid YAML: {error}") from None


def read_list(path: Path) -> list:
    """A YAML file that must hold a list of records (an empty file is an empty list)."""
    data = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise CorpusError(path, getattr(data, "line", 1), "must be a list of records")
    return data


class _RecordDumper(yaml.SafeDumper):
    """Block style, with text of several lines as a literal block (`|`), as an editor writes it."""

    flow_names = False  # names {fi, sv, en} on one line, as the hand-written files have them

    def represent_str(self, data: str):
        style = "|" if "\n" in data else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def represent_dict(self, data: dict):
        flow = self.flow_names and bool(data) and set(data) <= NAME_KEYS and not any(
            "\n" in str(v) for v in data.values())
        return self.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow or None)


class _FlowNamesDumper(_RecordDumper):
    flow_names = True


NAME_KEYS = {"fi", "sv", "en"}
for _dumper in (_RecordDumper, _FlowNamesDumper):
    _dumper.add_representer(str, _dumper.represent_str)
    _dumper.add_representer(dict, _dumper.represent_dict)
    _dumper.add_multi_representer(dict, _dumper.represent_dict)


def dump_records(records: list, stream=None, width: int = 100, flow_names: bool = False) -> str | None:
    """Records as YAML for the corpus: keys in their order, Unicode as is, long texts wrapped.

    >>> print(dump_records([{"name": {"fi": "A"}, "opening_hours": {"fi": "ma 8-16\\nti 8-12"}}]), end="")
    - name:
        fi: A
      opening_hours:
        fi: |-
          ma 8-16
          ti 8-12
    >>> print(dump_records([{"name": {"fi": "A", "sv": "B"}, "aliases": []}], flow_names=True), end="")
    - name: {fi: A, sv: B}
      aliases: []
    """
    dumper = _FlowNamesDumper if flow_names else _RecordDumper
    return yaml.dump(records, stream, Dumper=dumper, allow_unicode=True, sort_keys=False, width=width)


def replace_records(path: Path, starts: list[int], records: dict[int, dict]) -> str:
    """The text of a list file with some of its records rewritten in place, the rest as it was.

    `starts`: the first line of every record in the file (1-based, as `read_list` gives them);
    `records`: the new record for some of those lines. A record runs up to the next one's start,
    less the blank lines and comments before it, which are kept.
    """
    lines = path.read_text("utf-8").splitlines(keepends=True)
    bounds = [*sorted(starts), len(lines) + 1]
    for start, end in sorted(zip(bounds, bounds[1:], strict=False), reverse=True):
        if start not in records:
            continue
        if not lines[start - 1].startswith("- "):
            raise CorpusError(path, start, "cannot rewrite this record in place: start it with '- '")
        end -= 1
        while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        text = dump_records([records[start]], width=10_000, flow_names=True)
        lines[start - 1:end] = [text]
    return "".join(lines)
