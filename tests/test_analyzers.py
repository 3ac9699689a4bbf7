import pickle

import pytest

from analyzers.analyzers import (
    ANALYZERS,
    FinnishAnalyzer,
    FinnishCompoundAnalyzer,
    FoldedFinnishAnalyzer,
    analyzer_for,
)


@pytest.mark.parametrize("factory", [FinnishAnalyzer, FinnishCompoundAnalyzer, FoldedFinnishAnalyzer,
                                     *ANALYZERS.values()])
def test_analyzers_pickle_and_still_work(factory):
    analyzer = factory()
    list(analyzer("kielikurssille"))  # opens libvoikko
    copy = pickle.loads(pickle.dumps(analyzer))
    assert [t.text for t in copy("kielikurssille")] == [t.text for t in analyzer("kielikurssille")]


def test_folded_analyzer_indexes_dotless_lemmas_and_parts():
    forms = [t.text for t in FoldedFinnishAnalyzer()("työllisyyspalveluihin")]
    assert {"tyollisyyspalveluihin", "tyollisyyspalvelu", "tyollisyys", "palvelu"} <= set(forms)
    assert not any(ch in "äöå" for form in forms for ch in form)


@pytest.mark.parametrize(("lang", "text", "stems"), [
    ("sv", "bibliotekens tjänster", ["bibliotek", "tjänst"]),
    ("en", "libraries and services", ["librari", "servic"]),
])
def test_swedish_and_english_stemming(lang, text, stems):
    assert [t.text for t in analyzer_for(lang)(text)] == stems


def test_unsupported_language_is_explicit():
    with pytest.raises(ValueError, match="no analyzer for language 'xx'"):
        analyzer_for("xx")
