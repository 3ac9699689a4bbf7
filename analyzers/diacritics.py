"""Folding and restoring the Finnish letters ä, ö and å.

Typing on a foreign keyboard, and OCR, lose the dots: "tyollisyys" for
"työllisyys". `fold` maps a word to its dotless form; `restore` finds the
Finnish word a dotless (or OCR-misread) spelling stands for.

>>> fold("Työväenopisto, Åbo")
'Tyovaenopisto, Abo'
>>> restore("tyollisyyspalvelut", lambda w: w == "työllisyyspalvelut")
'työllisyyspalvelut'
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

_FOLD = str.maketrans("äöåÄÖÅ", "aoaAOA")

# What a lost letter can look like: typed without dots, or misread by OCR.
TYPED = {"a": "ä", "o": "ö"}
OCR = {"a": "ä", "o": "ö", "d": "ä", "6": "ö"}


def fold(text: str) -> str:
    """`text` with ä→a, ö→o, å→a (case kept)."""
    return text.translate(_FOLD)


def candidates(word: str, lost: dict[str, str] = TYPED, limit: int = 8) -> Iterator[str]:
    """Spellings of `word` with lost letters put back, fewest changes first.

    Only the first `limit` ambiguous positions are varied, so a long word
    costs at most 2**limit candidates.
    """
    lower = word.lower()
    positions = [i for i, ch in enumerate(lower) if ch in lost][:limit]
    for count in range(1, len(positions) + 1):
        for chosen in itertools.combinations(positions, count):
            chars = list(word)
            for i in chosen:
                chars[i] = _with_case(lost[lower[i]], word[i])
            yield "".join(chars)


def restore(
    word: str, spell: Callable[[str], bool], lost: dict[str, str] = TYPED, limit: int = 8
) -> str | None:
    """The first candidate of `word` that `spell` accepts, or None."""
    return next((c for c in candidates(word, lost, limit) if spell(c)), None)


def _with_case(letter: str, like: str) -> str:
    return letter.upper() if like.isupper() else letter
