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
