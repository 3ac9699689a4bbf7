"""Which language a short query is written in.

langdetect alone guesses badly on one or two words ("library" -> Spanish),
so it is one voice among several, each scoring the supported languages:

| evidence | how |
|---|---|
| script | Cyrillic, Arabic and Han letters narrow the choice at once |
| Voikko | a word Finnish morphology knows (ä/ö restored if typed without) counts for Finnish |
| lexicon | a word or phrase of the concept lexicon counts for its languages |
| function words | "the", "och", "для" ... count for their language |
| langdetect | its probabilities, over the supported languages only, weighted by length |
| prior | the interface language, when nothing else is sure |

>>> detect("курсы финского языка").language
'ru'
>>> detect("työllisyyspalvelut").language
'fi'
"""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from whoosh.lang import NoStopWords, stopwords_for_language

from analyzers.languages import DEFAULT_LANGUAGE, LANGUAGES, SUPPORTED
from analyzers.tokenizers import WORD

SCRIPTS = {lang.script: tuple(c for c, other in LANGUAGES.items() if other.script == lang.script)
           for lang in LANGUAGES.values() if lang.script != "LATIN"}
LENGTH_FOR_FULL_TRUST = 25  # characters; langdetect's weight grows with length up to this
PRIOR_WEIGHT = 0.6


@dataclass(frozen=True)
class Detection:
    language: str
    source: str  # "given" or "detected"
    scores: dict[str, float]


def detect(text: str, prior: str = DEFAULT_LANGUAGE, known: Callable[[str], bool] | None = None,
           lexicon_languages: Callable[[list[str]], Counter] | None = None) -> Detection:
    """The most likely supported language of `text`.

    `known(word)` says whether Finnish morphology knows a word; `lexicon_languages(words)`
    counts, per language, the words that are lexicon terms of that language.
    """
    typed = WORD.findall(text)
    words = [w.lower() for w in typed]
    scores: Counter = Counter({lang: 0.0 for lang in SUPPORTED})
    candidates = _script_languages(text)
    if candidates and len(candidates) == 1:
        return Detection(candidates[0], "detected", {candidates[0]: 1.0})
    for word, as_typed in zip(words, typed, strict=True):
        for lang in SUPPORTED:
            if word in function_words(lang):
                scores[lang] += 0.5
        if known and not candidates and known(as_typed):
            scores["fi"] += 1.0
    if lexicon_languages:
        scores.update(lexicon_languages(words))
    scores[prior if prior in SUPPORTED else DEFAULT_LANGUAGE] += PRIOR_WEIGHT * 0.5
    if candidates:
        scores = Counter({lang: scores[lang] for lang in candidates})
    for lang in candidates or ():
        scores[lang] += _letters_score(text, lang)
    # langdetect is unreliable on one word, and more so the shorter the text. It adds at
    # most `weight` to one language, so it is asked only when that could change the answer.
    weight = min(1.0, len(text.strip()) / LENGTH_FOR_FULL_TRUST) * (0.5 if len(words) < 2 else 1.0)
    first, second = sorted(scores.values(), reverse=True)[:2] if len(scores) > 1 else (1.0, 0.0)
    if first - second <= weight:
        for lang, probability in _langdetect(text).items():
            if lang in scores:
                scores[lang] += weight * probability
    language = max(scores, key=lambda lang: (scores[lang], lang == prior))
    return Detection(language, "detected", {k: round(v, 3) for k, v in scores.items() if v})


def _script_languages(text: str) -> tuple[str, ...]:
    """The languages the letters' script allows; () for Latin script (or none)."""
    found = Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            script = next((s for s in SCRIPTS if name.startswith(s)), None)
            found[script] += 1
    script = max(found, key=found.get) if found else None
    return SCRIPTS.get(script, ())


def _letters_score(text: str, lang: str) -> float:
    """Letters a language's neighbours of the same script lack (Ukrainian і, Russian ы, Persian پ)."""
    letters = LANGUAGES[lang].letters
    return 2.0 if letters & set(text.lower()) else 0.0


def function_words(lang: str) -> frozenset[str]:
    return _FUNCTION_WORDS.get(lang, frozenset())


def _load_function_words() -> dict[str, frozenset[str]]:
    table = {}
    for lang in SUPPORTED:
        try:
            words = set(stopwords_for_language(lang))
        except (KeyError, NoStopWords):
            words = set()
        table[lang] = frozenset(words | LANGUAGES[lang].function_words)
    # Finnish is decided by Voikko, which knows every Finnish word, not by a stopword list.
    table["fi"] = frozenset()
    return table


_FUNCTION_WORDS = _load_function_words()
_detector_lock = threading.Lock()
_factory = None


def _langdetect(text: str) -> dict[str, float]:
    """langdetect's probabilities over the supported languages only (deterministic)."""
    if not any(c.isalpha() for c in text):
        return {}
    from langdetect.detector_factory import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    global _factory
    with _detector_lock:
        if _factory is None:
            _factory = _restricted_factory(DetectorFactory)
        detector = _factory.create()
        detector.append(text)
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            return {}
    probabilities: Counter = Counter()
    for guess in found:
        probabilities[guess.lang.split("-")[0]] += guess.prob
    return dict(probabilities)


def _restricted_factory(factory_class):
    import langdetect

    profiles = Path(langdetect.__file__).parent / "profiles"
    codes = {"zh": ["zh-cn", "zh-tw"]}
    files = [profiles / code for lang in SUPPORTED for code in codes.get(lang, [lang])]
    factory = factory_class()
    factory.load_json_profile([f.read_text("utf-8") for f in files])
    factory.set_seed(0)
    return factory
