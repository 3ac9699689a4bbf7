"""The lexicon a query is translated with: words of any supported language -> Finnish index terms.

`indexer.lexicon` compiles it at build time into the build's folder, from three
sources, best first:

| source | weight | what |
|---|---|---|
| curated | 1.0 | `corpus/lexicon/*.yaml`, edited by city staff |
| services | 0.8 | the aligned fi/sv/en names of the city's services, mined |
| freedict | 0.5 (0.4 via English) | FreeDict dictionaries, only where the others have nothing |

A FreeDict translation is kept only when its Finnish words occur in the
index. Words are matched after each language's normalisation: Snowball
stemming where Whoosh has it, a tolerance of a few letters of inflection
elsewhere, and substrings for scripts written without spaces.

>>> key("Early childhood education", "en")
'earli childhood educ'
>>> key("اللغة الفنلندية", "ar")
'لغه فنلنديه'
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from whoosh.lang import stemmer_for_language

from analyzers.languages import LANGUAGES
from analyzers.tokenizers import WORD

STEMMED = tuple(code for code, lang in LANGUAGES.items() if lang.stemmed)
# Letters a single word may have beyond a lexicon word (stemmers miss some endings:
# Swedish "arbetslivet", "kurser" against "kurs" stemmed to "kur").
INFLECTION_TOLERANCE = {code: lang.inflection for code, lang in LANGUAGES.items() if lang.inflection}
UNSEGMENTED = tuple(code for code, lang in LANGUAGES.items() if not lang.spaced)
MAX_PHRASE = 4
FILE = "lexicon.json"
ARABIC_MARKS = re.compile("[\u064b-\u0652\u0640]")
ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ك": "ک"})
ARABIC_PREFIXES = ("وال", "بال", "فال", "لل", "ال")


@dataclass(frozen=True)
class Span:
    """Words `start:end` of a query, and the Finnish terms they translate to."""

    start: int
    end: int
    text: str
    translations: tuple[tuple[str, float, str], ...]  # (Finnish term, weight, source)


@lru_cache(maxsize=65_536)
def normalise(word: str, lang: str) -> str:
    # Case folded as Unicode does it (ß, final ς), and Turkish İ (i + a combining dot when
    # lowercased) as the plain i the lexicon is written with.
    word = unicodedata.normalize("NFC", word.casefold().replace("i\u0307", "i"))
    if lang in STEMMED:
        return _stemmer(lang)(word)
    if lang in ("ar", "fa"):
        word = ARABIC_MARKS.sub("", word).translate(ARABIC_LETTERS).replace("ي", "ی" if lang == "fa" else "ي")
        for prefix in ARABIC_PREFIXES if lang == "ar" else ():  # Persian has no article: والدین is "parents"
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                return word[len(prefix):]
    return word


def key(phrase: str, lang: str) -> str:
    if lang in UNSEGMENTED:
        return phrase.strip().lower()
    return " ".join(normalise(w, lang) for w in WORD.findall(phrase))


@cache
def _stemmer(lang: str):
    return stemmer_for_language(lang)


class Lexicon:
    """Lookup tables, language -> key -> translations (best first)."""

    def __init__(self, tables: dict[str, dict[str, list]], words: dict[str, set[str]] | None = None) -> None:
        self.tables = tables
        self.words = words or {}  # language -> the lexicon's words as written, lowercased
        self._languages_of_word = lru_cache(maxsize=65_536)(self._word_languages)
        self.nearest = lru_cache(maxsize=65_536)(self._nearest)

    @classmethod
    def load(cls, folder: Path) -> Lexicon:
        path = Path(folder) / FILE
        if not path.exists():
            return cls({})
        return cls.from_json(json.loads(path.read_text("utf-8")))

    @classmethod
    def from_json(cls, data: dict) -> Lexicon:
        """The lexicon from what `save` wrote (an empty one from {})."""
        words = {lang: set(each) for lang, each in data.get("words", {}).items()}
        return cls(data.get("tables", {}), words)

    def save(self, folder: Path) -> None:
        data = {"tables": self.tables, "words": {lang: sorted(w) for lang, w in self.words.items()}}
        (Path(folder) / FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    def sizes(self) -> dict[str, int]:
        """Entries per language."""
        return {lang: len(table) for lang, table in sorted(self.tables.items())}

    def lookup(self, lang: str, phrase_key: str) -> tuple[tuple[str, float, str], ...]:
        """The translations of a key; a last word may carry a few letters of inflection more."""
        table = self.tables.get(lang, {})
        found = table.get(phrase_key)
        tolerance = INFLECTION_TOLERANCE.get(lang, 0)
        head, _, last = phrase_key.rpartition(" ")
        if found is None and tolerance and last.isalpha():
            shortest = 3 if lang in STEMMED else 4
            for cut in range(1, min(tolerance, len(last) - shortest) + 1):
                if (found := table.get(f"{head} {last[:-cut]}".lstrip())) is not None:
                    break
        return tuple(tuple(t) for t in found or ())

    def match(self, words: list[str], lang: str) -> list[Span]:
        """Phrases first: the longest run of words the lexicon knows, left to right."""
        keys = [normalise(w, lang) for w in words]
        spans, i = [], 0
        while i < len(words):
            for end in range(min(len(words), i + MAX_PHRASE), i, -1):
                translations = self.lookup(lang, " ".join(keys[i:end]))
                if translations:
                    spans.append(Span(i, end, " ".join(words[i:end]), translations))
                    i = end
                    break
            else:
                i += 1
        return spans

    def scan(self, text: str, lang: str) -> list[Span]:
        """Terms found inside a string written without spaces, longest first, not overlapping."""
        table, text = self.tables.get(lang, {}), text.lower()
        taken = [False] * len(text)
        spans = []
        for term in sorted((t for t in table if t in text), key=len, reverse=True):
            start = text.find(term)
            while start >= 0:
                if not any(taken[start:start + len(term)]):
                    taken[start:start + len(term)] = [True] * len(term)
                    spans.append(Span(start, start + len(term), term, self.lookup(lang, term)))
                start = text.find(term, start + 1)
        return sorted(spans, key=lambda s: s.start)

    def _nearest(self, word: str, lang: str, edits: int) -> str | None:
        """The lexicon's word of `lang` closest to `word` within `edits` edits (same first letter),
        the one nearest in length on a tie; None when there is none (cached per build)."""
        found = process.extract(word, self._words_by_initial(lang).get(word[:1], ()), limit=None,
                                scorer=DamerauLevenshtein.distance, score_cutoff=edits)
        near = [(distance, abs(len(w) - len(word)), w) for w, distance, _index in found]
        return min(near)[2] if near else None

    @lru_cache(maxsize=32)  # noqa: B019 - one lexicon per build, kept for the build's life
    def _words_by_initial(self, lang: str) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for w in self.words.get(lang, ()):
            if " " not in w and w.isalpha():
                table.setdefault(w[:1], []).append(w)
        return table

    def _word_languages(self, word: str) -> dict[str, float]:
        found = {}
        for lang in self.tables:
            translations = self.lookup(lang, normalise(word, lang))
            if translations:
                found[lang] = (1.0 if translations[0][2] in ("curated", "services") else 0.5) + (
                    0.25 if word.lower() in self.words.get(lang, ()) else 0)
        return found

    def languages_of(self, words: list[str]) -> Counter:
        """Per language, how many of `words` are lexicon words.

        A curated or mined word counts 1, a dictionary word 0.5, and a word the
        lexicon has exactly as typed a quarter more ("racism" is English as typed,
        Spanish only once stemmed, like "racismo").
        """
        counts: Counter = Counter()
        for word in words:
            counts.update(self._languages_of_word(word))
        return counts
