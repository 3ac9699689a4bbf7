"""Resolving a responsible-unit text ("vastuutaho") to unit records.

Every unit's names and aliases are matched inside the text, case and
whitespace folded, longest first; a matched stretch is not matched again, so
"Kaupunginkanslian elinkeino-osasto" links the department and not also
"Kaupunginkanslia".

>>> r = UnitResolver({"a": ["Kaupunginkanslia", "Kaupunginkanslian"],
...                   "b": ["Kaupunginkanslian elinkeino-osasto"], "c": ["sosiaali- ja terveystoimiala"]})
>>> r.resolve("Kaupunginkanslian elinkeino-osasto yhdessä sosiaali- ja terveystoimialan kanssa")
['b', 'c']
"""

from __future__ import annotations

import re


def normalise(text: str) -> str:
    """Lowercase with runs of white space as one space."""
    return re.sub(r"\s+", " ", text).strip().lower()


class UnitResolver:
    """Finds the units a free text names, from each unit's names and aliases."""

    def __init__(self, names_by_unit: dict[str, list[str]]) -> None:
        pairs = {(normalise(n), uid) for uid, names in names_by_unit.items() for n in names if n}
        self._patterns = [
            (re.compile(r"(?<!\w)" + re.escape(name)), uid)
            for name, uid in sorted(pairs, key=lambda p: -len(p[0]))
        ]

    def resolve(self, text: str) -> list[str]:
        """Unit ids named in `text`, in order of appearance, each once."""
        remaining = normalise(text)
        found: list[tuple[int, str]] = []
        for pattern, uid in self._patterns:
            for match in pattern.finditer(remaining):
                found.append((match.start(), uid))
                span = match.end() - match.start()
                remaining = remaining[: match.start()] + "\0" * span + remaining[match.end() :]
        return list(dict.fromkeys(uid for _, uid in sorted(found)))
