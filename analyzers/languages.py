"""The supported languages: one table, keyed by ISO 639-1 code.

The city's own three (fi, sv, en) name its units and services and are the
interface's languages; the others are the languages Helsinki serves
immigrants in, searched through the lexicon.

>>> SUPPORTED[:3], CITY_LANGUAGES
(('fi', 'sv', 'en'), ('fi', 'sv', 'en'))
>>> sorted(LANGUAGES["uk"].letters), sorted(LANGUAGES["ru"].letters)
(['є', 'і', 'ї', 'ґ'], ['ъ', 'ы', 'э', 'ё'])
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in English
    script: str = "LATIN"  # the Unicode script name its letters start with
    letters: frozenset[str] = frozenset()  # letters that tell it from a neighbour of its script
    function_words: frozenset[str] = frozenset()  # beyond Whoosh's stopword list for it
    stemmed: bool = False  # lexicon keys are Snowball stems (Whoosh has a stemmer for it)
    inflection: int = 0  # letters of inflection a lexicon lookup tolerates on a last word
    spaced: bool = True  # written with spaces between words
    freedict: str | None = None  # a FreeDict dictionary into Finnish
    freedict_to_english: str | None = None  # a FreeDict dictionary into English, for a pivot
    city: bool = False  # one of the city's own languages


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LANGUAGES = {lang.code: lang for lang in (
    Language("fi", "Finnish", city=True),
    Language("sv", "Swedish", stemmed=True, inflection=2, freedict="swe-fin", city=True),
    Language("en", "English", stemmed=True, inflection=2, freedict="eng-fin", city=True),
    Language("ru", "Russian", "CYRILLIC", letters=frozenset("ыэъё"), stemmed=True, inflection=2),
    Language("et", "Estonian", inflection=3,
             function_words=_words("ja ning kus kuidas mis kes on ei eesti keele jaoks")),
    Language("so", "Somali", inflection=3,
             function_words=_words("iyo ee ka ku la waa oo sidee xagee maxaa aan")),
    Language("ar", "Arabic", "ARABIC", inflection=2, freedict_to_english="ara-eng"),
    Language("fa", "Persian", "ARABIC", letters=frozenset("پچژگکی"), inflection=2,
             function_words=_words("در و به از برای که را با کجا چگونه")),
    Language("uk", "Ukrainian", "CYRILLIC", letters=frozenset("іїєґ"), inflection=3,
             function_words=_words("як де для та що у в з і із зі чи або це щоб мені нам потрібна "
                                   "потрібно потрібен яка який які коли хто від")),
    Language("tr", "Turkish", inflection=3, freedict_to_english="tur-eng"),
    Language("zh", "Chinese", "CJK", spaced=False),
    Language("es", "Spanish", stemmed=True, inflection=2, freedict_to_english="spa-eng"),
    Language("fr", "French", stemmed=True, inflection=2, freedict_to_english="fra-eng"),
)}
SUPPORTED = tuple(LANGUAGES)
CITY_LANGUAGES = tuple(code for code, lang in LANGUAGES.items() if lang.city)
DEFAULT_LANGUAGE = "fi"
