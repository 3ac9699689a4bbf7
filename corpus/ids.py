"""Stable record ids, derived from what a record is, never from file order.

>>> slug("Työllisyys ja työvoima")
'tyollisyys-ja-tyovoima'
>>> measure_id("kotoutuminen-2022-2025", "Työllisyys ja työvoima", "1.1", per_theme=True)
'kotoutuminen-2022-2025-tyollisyys-ja-tyovoima-1.1'
"""

from __future__ import annotations

import re

from analyzers.diacritics import fold


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (dots between digits kept)."""
    text = fold(text.lower()).replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9.]+|(?<![0-9])\.|\.(?![0-9])", "-", text).strip("-")


def measure_id(programme: str, theme: str, number: str, per_theme: bool) -> str:
    """`<programme>-<theme>-<number>` where numbers restart per theme, else `<programme>-<number>`."""
    return f"{programme}-{slug(theme)}-{number}" if per_theme else f"{programme}-{number}"


def highlight_id(programme: str, title: str) -> str:
    return f"{programme}-{slug(title)}"[:120]


def indicator_id(programme: str, name: str) -> str:
    return f"indicator-{programme}-{slug(name)}"[:120]


def unit_id(name_fi: str) -> str:
    return slug(name_fi)


def service_id(tree_id: int) -> str:
    return f"service-{tree_id}"


def guidance_id(document: str, heading: str) -> str:
    return f"{document}-{slug(heading)}"[:120]
