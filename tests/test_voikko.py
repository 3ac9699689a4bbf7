import pickle
from pathlib import Path

import pytest
import yaml

from analyzers.voikko import MorphologyUnavailable, Voikko, finnish

GOLDEN = yaml.safe_load((Path(__file__).parent / "golden" / "analysis.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("word", "expected"), GOLDEN["lemmas"].items())
def test_lemmas_are_every_readings_base_form(word, expected):
    assert list(finnish().lemmas(word)) == expected


@pytest.mark.parametrize(("lemma", "expected"), GOLDEN["compounds"].items())
def test_compound_parts(lemma, expected):
    assert list(finnish().compound_parts(lemma)) == expected


def test_unknown_word_has_no_lemmas():
    assert finnish().lemmas("xqzzyv") == ()


def test_analysis_is_cached():
    voikko = Voikko()
    first = voikko.analyze("kielikurssille")
    assert voikko.analyze("kielikurssille") is first


def test_pickles_without_the_native_handle():
    voikko = Voikko()
    voikko.analyze("kirjasto")
    copy = pickle.loads(pickle.dumps(voikko))
    assert copy._handle is None and copy._cache == {}
    assert copy.lemmas("kirjastoissa") == ("kirjasto",)


def test_missing_dictionary_says_what_to_install():
    with pytest.raises(MorphologyUnavailable, match="apt-get install libvoikko1 voikko-fi"):
        Voikko("xx-no-such-language").analyze("sana")


def test_spell_and_suggest():
    voikko = finnish()
    assert voikko.spell("työllisyyspalvelut")
    assert not voikko.spell("tyollisyyspalvelut")
    assert "työllisyyspalvelut" in voikko.suggest("tyollisyyspalvelut")
