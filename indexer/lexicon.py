"""Compiling the build's lexicon (`query.lexicon.Lexicon`) from three sources, best first.

| source | weight | what |
|---|---|---|
| curated | 1.0 | `corpus/lexicon/*.yaml`, edited by city staff |
| services | 0.8 | the aligned fi/sv/en names of the city's services, mined |
| freedict | 0.5 (0.4 via English) | FreeDict dictionaries, only where the others have nothing |

A FreeDict translation is kept only when its Finnish words occur in the index.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from analyzers.language import function_words
from analyzers.languages import LANGUAGES
from analyzers.tokenizers import WORD
from analyzers.voikko import finnish
from corpus.lexicon import Concept
from indexer.freedict import read_dictionary
from query.lexicon import MAX_PHRASE, Lexicon, key, normalise

SOURCE_WEIGHTS = {"curated": 1.0, "services": 0.8, "freedict": 0.5, "freedict-pivot": 0.4}
FREEDICT_DIRECT = {code: lang.freedict for code, lang in LANGUAGES.items() if lang.freedict}
FREEDICT_PIVOT = {code: lang.freedict_to_english for code, lang in LANGUAGES.items()
                  if lang.freedict_to_english}
MINED_TOGETHER = 3  # times a word pair must co-occur in service names to be kept
FREEDICT_KEEP = 3  # translations per headword, after the vocabulary filter


def compile_lexicon(concepts: Iterable[Concept], services: Iterable, vocabulary: set[str],
                    dictd_dir: Path | None) -> Lexicon:
    """The build's lexicon; `vocabulary` is the set of Finnish terms in the index."""
    tables: dict[str, dict[str, list]] = defaultdict(dict)
    written: dict[str, set[str]] = defaultdict(set)

    def add(lang: str, phrase_key: str, fi: str, source: str, term: str = "") -> None:
        written[lang].update(w.lower() for w in WORD.findall(term))
        entries = tables[lang].setdefault(phrase_key, [])
        if phrase_key and fi.lower() not in {e[0].lower() for e in entries}:
            # A dictionary's later senses are less likely meant: each weighs less than the one before.
            rank = sum(e[2] == source for e in entries) if source.startswith("freedict") else 0
            entries.append([fi, round(SOURCE_WEIGHTS[source] * 0.7 ** rank, 3), source])

    for concept in concepts:
        for lang, terms in concept.terms.items():
            for term in terms if lang != "fi" else ():
                for fi in concept.terms["fi"]:
                    add(lang, key(term, lang), fi, "curated", term)
    for lang, phrase_key, fi, term in mine_service_names(services, vocabulary):
        add(lang, phrase_key, fi, "services", term)
    if dictd_dir:
        for lang, phrase_key, fi, source, term in _freedict(dictd_dir, vocabulary):
            if phrase_key not in tables[lang] or tables[lang][phrase_key][0][2] == source:
                add(lang, phrase_key, fi, source, term)
    return Lexicon({lang: dict(table) for lang, table in tables.items()}, dict(written))


def mine_service_names(services: Iterable, vocabulary: set[str]) -> Iterable[tuple[str, str, str, str]]:
    """(language, key, Finnish, words as written) from the services' aligned fi/sv/en names.

    Short names pair whole (en "Early childhood education" -> "Varhaiskasvatus");
    single words pair with the Finnish base form or compound part they co-occur
    with most (Dice coefficient >= 0.5, seen together at least three times).
    """
    services = list(services)
    voikko = finnish()
    finnish_words = []
    for service in services:
        words = set()
        for word in WORD.findall(service.name.get("fi", "")):
            for lemma in voikko.lemmas(word) or (word.lower(),):
                words |= {lemma, *voikko.compound_parts(lemma)}
        finnish_words.append({w for w in words if w in vocabulary})
    for lang in ("sv", "en"):
        pairs: Counter = Counter()
        counts: Counter = Counter()
        written: dict[str, str] = {}
        stop = function_words(lang)
        for service, fi_words in zip(services, finnish_words, strict=True):
            name, fi_name = service.name.get(lang), service.name.get("fi")
            if not name or not fi_name or name.strip().lower() == fi_name.strip().lower():
                continue
            if len(WORD.findall(name)) <= MAX_PHRASE:
                yield lang, key(name, lang), fi_name, name
            words = {normalise(w, lang): w for w in WORD.findall(name) if w.lower() not in stop}
            written.update({stem: w for stem, w in words.items() if stem not in written})
            counts.update(list(words))
            counts.update(fi_words)
            pairs.update((w, f) for w in words for f in fi_words)
        best: dict[str, tuple[float, str]] = {}
        for (word, fi), together in pairs.items():
            dice = 2 * together / (counts[word] + counts[fi])
            if together >= MINED_TOGETHER and dice >= 0.5 and dice > best.get(word, (0, ""))[0]:
                best[word] = (dice, fi)
        for word, (_dice, fi) in sorted(best.items()):
            yield lang, word, fi, written[word]


def _freedict(dictd_dir: Path, vocabulary: set[str]) -> Iterable[tuple[str, str, str, str, str]]:
    """(language, key, Finnish, source, headword) from FreeDict, directly or through English."""
    direct = {}
    for lang, pair in FREEDICT_DIRECT.items():
        direct[lang] = {}
        for headword, translations in read_dictionary(dictd_dir, pair).items():
            kept = [t for t in translations if all(w in vocabulary for w in WORD.findall(t))]
            if kept:
                direct[lang][headword] = kept[:FREEDICT_KEEP]
                for fi in kept[:FREEDICT_KEEP]:
                    yield lang, key(headword, lang), fi, "freedict", headword
    for lang, pair in FREEDICT_PIVOT.items():
        for headword, english in read_dictionary(dictd_dir, pair).items():
            finnish_terms = [fi for en in english[:2] for fi in direct["en"].get(en, [])[:1]]
            for fi in dict.fromkeys(finnish_terms):
                yield lang, key(headword, lang), fi, "freedict-pivot", headword
