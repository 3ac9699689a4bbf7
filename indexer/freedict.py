"""Reading FreeDict dictionaries in the dictd format Debian installs them in.

`freedict-eng-fin.index` lists `headword<TAB>offset<TAB>length` (base64
numbers) into the gzip-compressed `freedict-eng-fin.dict.dz`. An entry is a
headword line, then per sense a translation line (numbered "1. " when there
are several) followed by a gloss in the source language:

    library /ˈlaɪbɹi/ <n>
    1. kirjasto 2.
    collection of books
    2. äänilevystö, levystö
    collection of records
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from settings import default_path

DICTD_DIR = default_path("dictd_dir")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
NUMBERED = re.compile(r"^(\d+)\. (.*)$")
TRAILING_NUMBER = re.compile(r"\s+\d+\.$")
PARENTHESES = re.compile(r"\([^)]*\)")


@lru_cache(maxsize=8)
def read_dictionary(folder: Path, pair: str) -> dict[str, list[str]]:
    """headword (lowercase) -> its translations, in the dictionary's order; {} if not installed.

    Read once per process; the result is shared, so do not change it.
    """
    index, data = folder / f"freedict-{pair}.index", folder / f"freedict-{pair}.dict.dz"
    if not index.exists() or not data.exists():
        return {}
    text = gzip.decompress(data.read_bytes())
    entries: dict[str, list[str]] = {}
    for line in index.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database"):
            continue
        start, length = _number(parts[1]), _number(parts[2])
        translations = entry_translations(text[start:start + length].decode("utf-8", "replace"))
        known = entries.setdefault(parts[0].lower(), [])
        known += [t for t in translations if t not in known]
    return entries


def entry_translations(entry: str) -> list[str]:
    """The translations of one entry, sense by sense.

    >>> entry_translations("job <n>\\n1. erä\\ncomputing: task\\n2. työ, tehtävä\\ntask\\n")
    ['erä', 'työ', 'tehtävä']
    >>> entry_translations("racism <n>\\nrasismi\\nracial prejudice\\n")
    ['rasismi']
    """
    lines = entry.split("\n")[1:]
    numbered = [m.group(2) for m in map(NUMBERED.match, lines) if m]
    senses = numbered or lines[:1]
    out = []
    for sense in senses:
        sense = PARENTHESES.sub("", TRAILING_NUMBER.sub("", sense))
        out += [t.strip().lower() for t in sense.split(",") if t.strip()]
    return list(dict.fromkeys(out))


def _number(code: str) -> int:
    value = 0
    for char in code:
        value = value * 64 + B64.index(char)
    return value
