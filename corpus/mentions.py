"""The units a running text names, inflected forms included ("Also named").

Every unit's names and aliases are analysed word by word into the Finnish
analysis' base forms (`FinnishAnalyzer`: the surface form and every Voikko
base form); a text names a unit where consecutive words of the text share a
form with each word of one of its names, in order. The longest match wins
and a matched stretch is not matched again, as in `UnitResolver`.

A name of one everyday word (Voikko knows it as a common noun, adjective,
verb...: "Ohjaamo", "Lastensuojelu", "kirjastot"; function words around it
do not count: "toimialojen kanssa") counts only where the text writes it as a
proper name: with a capital, inside a sentence. At a sentence's start the
capital says nothing, and such a name is not matched there.

>>> finder = MentionFinder({"tyovaenopisto": ["Työväenopisto"], "ohjaamo": ["Ohjaamo"],
...                         "annantalo": ["Annantalo"]})
>>> finder.find("Kursseja järjestetään yhdessä Työväenopiston ja Annantalon kanssa.")
['tyovaenopisto', 'annantalo']
>>> finder.find("Kuljettaja istuu ohjaamossa. Työväenopistoja on monessa kaupungissa.")
[]
"""

from __future__ import annotations

import re
from typing import NamedTuple

from analyzers.analyzers import FinnishAnalyzer
from analyzers.voikko import finnish

# Voikko's word classes of proper names and abbreviations: the words that are not everyday words.
NAME_CLASSES = frozenset({"nimi", "etunimi", "sukunimi", "paikannimi", "lyhenne"})
# Its classes of function words: conjunctions, postpositions, adverbs, pronouns...
FUNCTION_CLASSES = frozenset({"sidesana", "suhdesana", "seikkasana", "asemosana", "kieltosana",
                              "huudahdussana"})
SENTENCE_END = re.compile(r"(?:^|[.!?:;•]|\n\s*\n)[\s\"'”»()\-–—]*$")


class Word(NamedTuple):
    forms: frozenset[str]  # lowercased surface form and base forms
    surface: str  # as written
    start: int  # character offset in the text


class Name(NamedTuple):
    words: tuple[frozenset[str], ...]
    unit: str
    generic: bool


class MentionFinder:
    """Finds the units a text names, from each unit's names and aliases."""

    def __init__(self, names_by_unit: dict[str, list[str]]) -> None:
        self._analyzer = FinnishAnalyzer()
        self._by_first: dict[str, set[Name]] = {}
        for uid, names in names_by_unit.items():
            for text in filter(None, names):
                words = self.words(text)
                if not words:
                    continue
                name = Name(tuple(w.forms for w in words), uid, _generic(words))
                for form in words[0].forms:
                    self._by_first.setdefault(form, set()).add(name)

    def words(self, text: str) -> list[Word]:
        """The text's words with their forms, in order."""
        words: list[Word] = []
        last = None
        for t in self._analyzer(text, positions=True, chars=True):
            if t.pos == last:
                words[-1] = words[-1]._replace(forms=words[-1].forms | {t.text})
            else:
                words.append(Word(frozenset({t.text}), text[t.startchar:t.endchar], t.startchar))
                last = t.pos
        return words

    def find(self, text: str) -> list[str]:
        """Ids of the units `text` names, in order of appearance, each once."""
        return list(dict.fromkeys(uid for _, _, uid in self.spans(text)))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, unit id) of every name in `text`, by character offsets, in order."""
        words = self.words(text)
        matches = []
        for i, word in enumerate(words):
            for name in {n for form in word.forms for n in self._by_first.get(form, ())}:
                end = i + len(name.words)
                if _fits(name, words[i:end]) and (not name.generic or _written_as_a_name(text, word)):
                    matches.append((i, end, name.unit))
        taken: set[int] = set()
        found = []
        for start, end, uid in sorted(matches, key=lambda m: (m[0] - m[1], m[0], m[2])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                last = words[end - 1]
                found.append((words[start].start, last.start + len(last.surface), uid))
        return sorted(found)


def _fits(name: Name, words: list[Word]) -> bool:
    """Each word shares a form with the name's word at its place."""
    return len(words) == len(name.words) and all(
        forms & word.forms for forms, word in zip(name.words, words, strict=True))


def _generic(words: list[Word]) -> bool:
    """One everyday word, and function words at most: a name that is also an everyday phrase."""
    content = [w for w in words if not _function_word(w.surface)]
    return len(content) == 1 and _everyday(content[0].surface)


def _everyday(word: str) -> bool:
    """Voikko knows the word as a common word (not only as a name or an abbreviation)."""
    readings = finnish().analyze(word.lower())
    return any(r.word_class not in NAME_CLASSES and r.baseform[:1].islower() for r in readings)


def _function_word(word: str) -> bool:
    readings = finnish().analyze(word.lower())
    return bool(readings) and all(r.word_class in FUNCTION_CLASSES for r in readings)


def _written_as_a_name(text: str, word: Word) -> bool:
    """Capitalised, and not the first word of a sentence."""
    return word.surface[:1].isupper() and not SENTENCE_END.search(text[: word.start])
