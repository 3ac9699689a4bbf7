"""Finnish morphology from libvoikko: base forms and compound parts, cached.

The libvoikko handle is created on first use, never at import time, and is
dropped when the object is pickled, so analyzers that refer to it pickle and
modules that import it load on machines without the dictionary.

>>> fi = finnish()
>>> fi.lemmas("työllisyyspalveluiden")
('työllisyyspalvelu',)
>>> fi.compound_parts("työllisyyspalvelu")
('työllisyys', 'palvelu')
"""

from __future__ import annotations

import functools
import re
import threading
from typing import NamedTuple

INSTALL_HINT = (
    "Finnish analysis needs libvoikko and its Finnish dictionary. Install them with "
    "'apt-get install libvoikko1 voikko-fi' (make install does this) and the Python "
    "binding with 'pip install libvoikko'."
)


class MorphologyUnavailable(RuntimeError):
    """libvoikko, its Python binding or the Finnish dictionary is missing."""


class Reading(NamedTuple):
    """One of Voikko's readings of a word."""

    baseform: str
    wordbases: str
    word_class: str


SUGGESTIONS_KEPT = 20_000  # words whose spelling suggestions are kept

class Voikko:
    """A lazily opened, thread-safe, caching libvoikko handle for one language."""

    def __init__(self, language: str = "fi", cache_size: int = 200_000) -> None:
        self.language = language
        self.cache_size = cache_size
        self._handle = None
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Reading, ...]] = {}
        self._spell_cache: dict[str, bool] = {}
        self._parts_cache: dict[str, tuple[str, ...]] = {}
        self._lemma_cache: dict[str, tuple[str, ...]] = {}
        self._suggest_cache: dict[str, tuple[str, ...]] = {}

    def __getstate__(self) -> dict:
        return {"language": self.language, "cache_size": self.cache_size}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def _open(self):
        if self._handle is None:
            try:
                import libvoikko
            except ImportError as error:
                raise MorphologyUnavailable(INSTALL_HINT) from error
            try:
                self._handle = libvoikko.Voikko(self.language)
            except (OSError, libvoikko.VoikkoException) as error:
                raise MorphologyUnavailable(f"{INSTALL_HINT} ({error})") from error
        return self._handle

    def analyze(self, word: str) -> tuple[Reading, ...]:
        """Every reading Voikko gives for `word` (empty when it knows none)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        with self._lock:
            raw = self._open().analyze(word)
        readings = tuple(
            Reading(a.get("BASEFORM") or word, a.get("WORDBASES") or "", a.get("CLASS") or "")
            for a in raw
        )
        if len(self._cache) < self.cache_size:
            self._cache[word] = readings
        return readings

    def spell(self, word: str) -> bool:
        """True when Voikko accepts `word` as correctly spelled Finnish."""
        known = self._spell_cache.get(word)
        if known is None:
            with self._lock:
                known = bool(self._open().spell(word))
            if len(self._spell_cache) < self.cache_size:
                self._spell_cache[word] = known
        return known

    def suggest(self, word: str) -> list[str]:
        """Voikko's spelling suggestions for `word`, best first (milliseconds each: cached)."""
        cached = self._suggest_cache.get(word)
        if cached is None:
            with self._lock:
                cached = tuple(self._open().suggest(word))
            if len(self._suggest_cache) < SUGGESTIONS_KEPT:
                self._suggest_cache[word] = cached
        return list(cached)

    def lemmas(self, word: str) -> tuple[str, ...]:
        """Distinct lowercased base forms of `word`, in Voikko's order."""
        cached = self._lemma_cache.get(word)
        if cached is None:
            cached = tuple(dict.fromkeys(r.baseform.lower() for r in self.analyze(word)))
            if len(self._lemma_cache) < self.cache_size:
                self._lemma_cache[word] = cached
        return cached

    def compound_parts(self, lemma: str) -> tuple[str, ...]:
        """Sub-words of a compound base form: each part and each run of adjacent parts.

        Empty when `lemma` is not a compound in any reading whose base form it is.
        """
        cached = self._parts_cache.get(lemma)
        if cached is not None:
            return cached
        parts: dict[str, None] = {}
        for reading in self.analyze(lemma):
            if reading.baseform.lower() == lemma.lower():
                parts.update(dict.fromkeys(_subwords(self, reading)))
        parts.pop(lemma.lower(), None)
        if len(self._parts_cache) < self.cache_size:
            self._parts_cache[lemma] = tuple(parts)
        return tuple(parts)


    def splits(self, word: str) -> tuple[tuple[str, str], ...]:
        """A compound split in two at each boundary of its parts, the last part as a base form.

        >>> finnish().splits("sosiaalityöntekijälle")
        (('sosiaali', 'työntekijä'), ('sosiaalityön', 'tekijä'))
        """
        found: dict[tuple[str, str], None] = {}
        for reading in self.analyze(word):
            components = _components(reading.wordbases)
            if len(components) < 2:
                continue
            surfaces = ["".join(s for s, _ in c).lower() for c in components]
            prefix, baseform = "".join(surfaces[:-1]), reading.baseform.lower()
            last = baseform[len(prefix):].lstrip("-") if baseform.startswith(prefix) else surfaces[-1]
            for k in range(1, len(surfaces)):
                left, right = "".join(surfaces[:k]), "".join(surfaces[k:-1]) + last
                if len(left) > 1 and len(right) > 1:
                    found[(left.rstrip("-"), right)] = None
        return tuple(found)


@functools.cache
def finnish() -> Voikko:
    """The process-wide Finnish handle (opened on first analysis, not here)."""
    return Voikko("fi")


_MORPHEME = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


def _components(wordbases: str) -> list[list[tuple[str, str]]]:
    """Split Voikko's WORDBASES into compound components of (surface, base) morphemes.

    '+työ(työ)+llisy(+nen)+ys(+ys)+palvel(palvella)+u(+u)'
    -> [[('työ','työ'), ('llisy','+nen'), ('ys','+ys')], [('palvel','palvella'), ('u','+u')]]
    """
    components: list[list[tuple[str, str]]] = []
    for surface, base in _MORPHEME.findall(wordbases):
        if surface in ("", "-"):
            continue
        if (base and not base.startswith("+")) or not components:
            components.append([])
        components[-1].append((surface, base))
    return components


def _subwords(voikko: Voikko, reading: Reading) -> list[str]:
    """Every part of a compound and every run of adjacent parts, the final part as a lemma."""
    components = _components(reading.wordbases)
    if len(components) < 2:
        return []
    surfaces = ["".join(s for s, _ in c).lower() for c in components]
    prefix = "".join(surfaces[:-1])
    baseform = reading.baseform.lower()
    last = baseform[len(prefix) :].lstrip("-") if baseform.startswith(prefix) else surfaces[-1]
    words = surfaces[:-1] + [last]
    n = len(words)
    runs = [
        "".join(surfaces[start : end - 1]) + words[end - 1]
        for start in range(n)
        for end in range(start + 1, n + 1)
        if end - start < n
    ]
    return runs + [b for c in components[:-1] if (b := _noun_base(voikko, c))]


def _noun_base(voikko: Voikko, component: list[tuple[str, str]]) -> str:
    """The dictionary form of a single-root part when it is a noun ('kaupungin' -> 'kaupunki')."""
    if len(component) != 1:
        return ""
    base = component[0][1].replace("=", "").lower()
    if not base or base == component[0][0].lower():
        return ""
    nouns = ("nimisana", "paikannimi", "nimi")
    return base if any(r.word_class in nouns for r in voikko.analyze(base)) else ""
