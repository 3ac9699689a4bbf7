"""Reading corpus YAML with the line of every mapping, for error messages."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

import yaml

from corpus.schema import CorpusError


class LineDict(dict):
    """A mapping that remembers the line it starts on and the line of each key (1-based)."""

    line: int | None = None
    lines: dict[object, int] = {}  # key -> the line it is on


class DuplicateKey(yaml.MarkedYAMLError):
    """A key given twice in one mapping (YAML would keep the last silently)."""


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: 6× faster
    def construct_mapping(self, node, deep=False):
        first = self._check_unique_keys(node)
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.lines = first
        return mapping

    def _check_unique_keys(self, node) -> dict[object, int]:
        """Each key's line; DuplicateKey at the second of two equal keys (merge keys `<<` aside)."""
        first: dict[object, int] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key, line = self.construct_object(key_node, deep=True), key_node.start_mark.line + 1
            if not isinstance(key, Hashable):
                continue
            if key in first:
                raise DuplicateKey(problem=f"the key {key!r} appears twice in one mapping (first on line "
                                           f"{first[key]}); keep one", problem_mark=key_node.start_mark)
            first[key] = line
        return first


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def read_yaml(path: Path) -> object:
    """Parse a YAML file; bad bytes, a syntax error or a key given twice become a CorpusError
    naming the line."""
    text = _text(path, Path(path).read_bytes())
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except DuplicateKey as error:
        raise CorpusError(path, error.problem_mark.line + 1, error.problem) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise CorpusError(path, line, f"not valid YAML: {error.problem or error}") from None
    except yaml.reader.ReaderError as error:
        bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
        if bad is None:
            raise CorpusError(path, None, f"not valid YAML: {error}") from None
        line, column = _place(text, bad.start(), "\n")
        raise CorpusError(path, line, f"a control character (U+{ord(bad.group()):04X}) at column {column}, "
                                      "which YAML does not allow; remove it") from None
    except yaml.YAMLError as error:
        raise CorpusError(path, None, f"not valid YAML: {error}") from None


def _text(path: Path, data: bytes) -> str:
    """The file's bytes as text; not UTF-8, or a NUL character, is a CorpusError naming the line.

    >>> _text("x.yaml", b"- a: 1\\n- b: T\\xf6\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    corpus.schema.CorpusError: x.yaml:2: not UTF-8 text at byte 7 of the line (0xf6: invalid start byte)...
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _place(data, error.start, b"\n")
        byte = f"0x{data[error.start]:02x}: {error.reason}"
        raise CorpusError(path, line, f"not UTF-8 text at byte {column} of the line ({byte}); "
                                      "save the file as UTF-8") from None
    if (nul := text.find("\0")) >= 0:
        line, column = _place(text, nul, "\n")
        raise CorpusError(path, line, f"a NUL character (byte 0) at column {column}: the file is damaged "
                                      "or not text") from None
    return text


def _place(text, at: int, newline) -> tuple[int, int]:
    """The line and column (both from 1) of position `at` of a text or its bytes."""
    return text.count(newline, 0, at) + 1, at - (text.rfind(newline, 0, at) + 1) + 1


def read_list(path: Path) -> list:
    """A YAML file that must hold a list of records.

    A file with no records at all (empty, only comments, or `null`) is an error: that is what a
    failed copy or an editor's slip leaves. A file meant to have no records says so with `[]`.
    """
    data = read_yaml(path)
    if data is None:
        raise CorpusError(path, None, "has no records: the file is empty (or only comments); "
                                      "if it is meant to have none, write [] in it")
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
