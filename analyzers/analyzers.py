"""The analyzers, one per indexed field kind, shared by indexing and querying.

Index time and query time run the same object; the filters look at the
token's mode where the two differ:

| analyzer | index time | query time |
|---|---|---|
| `FinnishAnalyzer` | surface form + every base form | the same, with ä/ö restored in unknown words |
| `FinnishCompoundAnalyzer` | parts of compound base forms | whole base forms (no splitting) |
| `FoldedFinnishAnalyzer` | surface, base forms and parts, folded (ä→a) | surface and base forms, folded |

>>> [t.text for t in FinnishAnalyzer()("työllisyyspalveluihin")]
['työllisyyspalveluihin', 'työllisyyspalvelu']
>>> [t.text for t in FinnishCompoundAnalyzer()("työllisyyspalveluihin")]
['työllisyys', 'palvelu']
>>> [t.text for t in FoldedFinnishAnalyzer()("työllisyyspalveluihin")][:3]
['tyollisyyspalveluihin', 'tyollisyyspalvelu', 'tyollisyys']
"""

from __future__ import annotations

from whoosh.analysis import Analyzer, LanguageAnalyzer

from analyzers.filters import CompoundFilter, FoldFilter, LemmaFilter
from analyzers.tokenizers import FinnishTokenizer


def FinnishAnalyzer() -> Analyzer:  # noqa: N802 - named like Whoosh's analyzer factories
    """Surface forms and all base forms: the main Finnish field."""
    return FinnishTokenizer() | LemmaFilter()


def FinnishCompoundAnalyzer() -> Analyzer:  # noqa: N802
    """Compound parts only, for a lower-weighted field."""
    return FinnishTokenizer() | LemmaFilter(keep_surface=False) | CompoundFilter(keep_compound=False)


def FoldedFinnishAnalyzer() -> Analyzer:  # noqa: N802
    """Everything folded to dotless letters, for a lower-weighted field."""
    return FinnishTokenizer() | LemmaFilter() | CompoundFilter() | FoldFilter()


# Analyzers by ISO 639-1 code, for the names the city gives in each language.
ANALYZERS = {
    "fi": FinnishAnalyzer,
    "sv": lambda: LanguageAnalyzer("sv"),
    "en": lambda: LanguageAnalyzer("en"),
}


# The analyses the index stores and a query is analysed with, by name.
ANALYSES = {
    "finnish": FinnishAnalyzer,
    "parts": FinnishCompoundAnalyzer,
    "folded": FoldedFinnishAnalyzer,
    "sv": ANALYZERS["sv"],
    "en": ANALYZERS["en"],
}


def analyzer_for(language: str) -> Analyzer:
    """The analyzer for an ISO 639-1 code; an unsupported code is a ValueError."""
    try:
        return ANALYZERS[language]()
    except KeyError:
        raise ValueError(
            f"no analyzer for language {language!r}; supported: {', '.join(ANALYZERS)}"
        ) from None
