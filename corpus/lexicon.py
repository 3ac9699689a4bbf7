"""The curated concept lexicon: concept -> Finnish index terms and each language's words.

City staff edit `corpus/lexicon/*.yaml`; each file holds

    concepts:
      - id: library
        fi: [kirjasto]            # Finnish base forms, as the index has them; best first
        en: [library]
        ru: [библиотека]

Every key but `id` is an ISO 639-1 code of a supported query language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analyzers.languages import SUPPORTED
from corpus.schema import CorpusError
from corpus.yamlfile import read_yaml
from settings import default_path

LEXICON_DIR = default_path("lexicon_dir")


@dataclass(frozen=True)
class Concept:
    id: str
    terms: dict[str, tuple[str, ...]]  # language -> terms; "fi" holds the Finnish index terms


def load_lexicon(folder: Path = LEXICON_DIR) -> list[Concept]:
    """Every concept of every lexicon file, checked; a bad entry is a CorpusError naming its line."""
    concepts, seen = [], {}
    for path in sorted(Path(folder).glob("*.yaml")):
        data = read_yaml(path) or {}
        entries = data.get("concepts") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise CorpusError(path, getattr(data, "line", 1), "must be a mapping with a list 'concepts'")
        for entry in entries:
            concept = _concept(path, entry)
            if concept.id in seen:
                raise CorpusError(path, entry.line, f"concept {concept.id!r} is also at {seen[concept.id]}")
            seen[concept.id] = f"{path.name}:{entry.line}"
            concepts.append(concept)
    return concepts


def _concept(path: Path, entry: object) -> Concept:
    line = getattr(entry, "line", None)
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise CorpusError(path, line, "a concept is a mapping with an 'id'")
    terms = {}
    for key, values in entry.items():
        if key == "id":
            continue
        if key not in SUPPORTED:
            raise CorpusError(path, line, f"{entry['id']}: unknown language {key!r} "
                                          f"(supported: {', '.join(SUPPORTED)})")
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise CorpusError(path, line, f"{entry['id']}: {key} must be a list of words or phrases")
        terms[key] = tuple(v.strip() for v in values)
    if not terms.get("fi"):
        raise CorpusError(path, line, f"{entry['id']}: needs at least one Finnish term (fi)")
    return Concept(entry["id"], terms)
