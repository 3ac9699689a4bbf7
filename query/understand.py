"""Query understanding: a query's language, and the Finnish words to search for it.

A query becomes clauses, one per word or lexicon phrase. A Finnish word is
its own clause (the Finnish analyzer finds its base forms); a word or phrase
of another language becomes its Finnish translations (and itself, below them,
for the names the Finnish text quotes); a word nobody knows
(a name like "Buddyschool", a code) is searched as typed.

>>> from indexer.lexicon import Lexicon
>>> lexicon = Lexicon({"en": {"languag cours": [["kielikurssi", 1.0, "curated"]]}})
>>> u = understand("language courses", lexicon, lang="en")
>>> [(c.text, c.alternatives) for c in u.clauses]
[('language courses', (('kielikurssi', 1.0), ('language courses', 0.5)))]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from whoosh.lang import stopwords_for_language

from analyzers.diacritics import restore
from analyzers.language import detect, function_words
from analyzers.languages import DEFAULT_LANGUAGE
from analyzers.tokenizers import WORD
from analyzers.voikko import MorphologyUnavailable, finnish
from query.lexicon import UNSEGMENTED, Lexicon

# A translation weaker than this share of the best one is a stray sense ("bank" -> "ranta").
SENSE_SHARE = 0.6
MAX_SENSES = 6
AS_TYPED_WEIGHT = 0.5  # a translated word searched as typed as well
MAX_CLAUSES = 12  # words and phrases of one query searched; the rest are left out
# Words a Finnish query does without ("kuka vastaa", "miten ... ja ..."): Snowball's list and a few
# question words. They are left out unless the query has nothing else.
FINNISH_FUNCTION_WORDS = frozenset(stopwords_for_language("fi")) | {"miten", "onko", "voiko", "saako"}


@dataclass(frozen=True)
class Clause:
    text: str  # the words as typed
    alternatives: tuple[tuple[str, float], ...]  # Finnish text to search, with its weight
    translated: bool = False
    split: bool = False  # a compound the index lacks, also searched by its parts (query.decompound)


@dataclass(frozen=True)
class Understanding:
    text: str
    language: str
    language_source: str  # "given" or "detected"
    clauses: tuple[Clause, ...]


def understand(text: str, lexicon: Lexicon, lang: str | None = None,
               prior: str = DEFAULT_LANGUAGE) -> Understanding:
    """Detect (or take) the language of `text` and turn it into clauses."""
    if lang:
        language, source = lang, "given"
    else:
        detection = detect(text, prior=prior, known=known_finnish, lexicon_languages=lexicon.languages_of)
        language, source = detection.language, detection.source
    return Understanding(text, language, source, bounded(clauses(text, language, lexicon)))


def bounded(found: list[Clause]) -> tuple[Clause, ...]:
    """Each word or phrase once, and at most MAX_CLAUSES of them: a query's cost stays bounded
    however it repeats itself ("学习" × 200) or however long it is."""
    unique: dict[str, Clause] = {}
    for clause in found:
        unique.setdefault(clause.text.casefold(), clause)
    return tuple(unique.values())[:MAX_CLAUSES]


def clauses(text: str, language: str, lexicon: Lexicon) -> list[Clause]:
    if language in UNSEGMENTED:
        return [translated(s.text, s.translations) for s in lexicon.scan(text, language)] or [
            _as_typed(w) for w in WORD.findall(text)]
    words = WORD.findall(text)
    if language == "fi":
        content = [w for w in words if w.lower() not in FINNISH_FUNCTION_WORDS]
        return [_as_typed(w) for w in content or words]
    stop = function_words(language)
    spans = {s.start: s for s in lexicon.match(words, language)
             if s.end - s.start > 1 or words[s.start].lower() not in stop}
    out, i = [], 0
    while i < len(words):
        if i in spans:
            out.append(translated(spans[i].text, spans[i].translations))
            i = spans[i].end
            continue
        if words[i].lower() not in stop:
            out.append(_as_typed(words[i]))
        i += 1
    return out


def translated(text: str, translations) -> Clause:
    """The clause of a translated word or phrase: its strong senses (best first), and the words as
    typed, below them: the Finnish text quotes names in other languages ("Women to Work")."""
    best = max((weight for _fi, weight, _source in translations), default=0)
    kept = [(fi, weight) for fi, weight, _source in translations if weight >= SENSE_SHARE * best]
    return Clause(text, (*kept[:MAX_SENSES], (text, AS_TYPED_WEIGHT)), translated=True)


def _as_typed(word: str) -> Clause:
    return Clause(word, ((word, 1.0),))


@lru_cache(maxsize=65_536)
def known_finnish(word: str) -> bool:
    """Finnish morphology knows the word, as typed or with its ä/ö restored."""
    if word.isdigit() or len(word) < 2:
        return False
    try:
        voikko = finnish()
        return voikko.spell(word) or restore(word, voikko.spell) is not None
    except MorphologyUnavailable:
        return False
