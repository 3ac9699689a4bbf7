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

# What a lost letter can look like: each character and the letters it may stand for.
TYPED = {"a": "ä", "o": "ö"}  # typed without dots


def fold(text: str) -> str:
    """`text` with ä→a, ö→o, å→a (case kept)."""
    return text.translate(_FOLD)


def candidates(word: str, lost: dict[str, str] = TYPED, limit: int = 8) -> Iterator[str]:
    """Lowercase spellings of `word` with lost letters put back, fewest changes first.

    A word with more than `limit` ambiguous characters gets none (the search is bounded).

    >>> list(candidates("kylla"))
    ['kyllä']
    """
    lower = word.lower()
    positions = [i for i, ch in enumerate(lower) if ch in lost]
    if len(positions) > limit:
        return
    for count in range(1, len(positions) + 1):
        for chosen in itertools.combinations(positions, count):
            for letters in itertools.product(*(lost[lower[i]] for i in chosen)):
                swap = dict(zip(chosen, letters, strict=True))
                yield "".join(swap.get(i, ch) for i, ch in enumerate(lower))


def restore(
    word: str, spell: Callable[[str], bool], lost: dict[str, str] = TYPED, limit: int = 8
) -> str | None:
    """The first candidate of `word` that `spell` accepts, in `word`'s case, or None."""
    for candidate in candidates(word, lost, limit):
        cased = _with_case(candidate, word)
        if spell(cased):
            return cased
    return None


def _with_case(word: str, like: str) -> str:
    """`word` in the case of `like`: all capitals, capitalised, or as it is."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[0].upper() + word[1:] if like[:1].isupper() else word
