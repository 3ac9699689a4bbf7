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
        for cased in case_variants(word, candidate):
            if spell(cased):
                return cased
    return None


def case_variants(template: str, word: str) -> list[str]:
    """Spell word (as long as template) in template's case: letter by letter
    ("InfoFinlandin"), then first letter only (OCR reads ö as O: "TyOssa").

    >>> case_variants("LAPI", "läpi"), case_variants("TyOssa", "työssä")
    (['LÄPI'], ['TyÖssä', 'Työssä'])
    """
    if template.isupper():
        return [word.upper()]
    if len(template) != len(word):  # lowercasing changed the length (Turkish "İ" is "i̇"): the word as it is
        return [word]
    copied = "".join(c.upper() if t.isupper() else c for t, c in zip(template, word, strict=True))
    first = (word[0].upper() if template[0].isupper() else word[0]) + word[1:]
    return [copied] if first == copied else [copied, first]
