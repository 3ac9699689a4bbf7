import pytest

from corpus import load_corpus
from corpus.mentions import MentionFinder
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def finder():
    corpus = load_corpus(PROJECT / "corpus" / "data")
    return MentionFinder({uid: [*u.name.values(), *u.aliases] for uid, u in corpus.units.items()})


@pytest.mark.parametrize(("text", "units"), [
    ("Kielikoulu siirtyy Työväenopiston koordinoimaksi.", ["tyovaenopisto"]),
    ("Kurssit pidetään Työväenopistossa ja Annantalossa.", ["tyovaenopisto", "annantalo"]),
    ("Yhteistyötä tehdään sosiaali- ja terveystoimialan kanssa.", ["sosiaali-ja-terveystoimiala"]),
    ("S2-pilotti toteutetaan Stadin ammatti-ja aikuisopistossa.", ["stadin-ammatti-ja-aikuisopisto"]),
    ("Koulutusta antavat THL:n asiantuntijat.", ["terveyden-ja-hyvinvoinnin-laitos-thl"]),
    ("Mukana olivat Eiran aikuislukio ja Helsingin Ohjaamo.", ["ohjaamo"]),
])
def test_inflected_names_are_found(finder, text, units):
    assert finder.find(text) == units


@pytest.mark.parametrize("text", [
    "Kuljettaja istuu ohjaamossa.",  # ohjaamo: a cab, not Ohjaamo
    "Kirjastot järjestävät läksyapua.",  # kirjastot: libraries, not the city library as a unit
    "Lastensuojelun asiakkaiden määrä kasvoi.",  # at a sentence's start the capital says nothing
    "Asiaa käsitellään yhteistyössä toimialojen kanssa.",  # "Kaikki toimialat" has this alias
    "Työväenopistoja on monessa kaupungissa.",
])
def test_everyday_words_are_no_mention(finder, text):
    assert finder.find(text) == []


def test_the_longest_name_wins(finder):
    text = "Hanketta johtaa Kaupunginkanslian elinkeino-osasto."
    assert finder.find(text) == ["kaupunginkanslian-elinkeino-osasto"]
    [(start, end, _)] = finder.spans(text)
    assert text[start:end] == "Kaupunginkanslian elinkeino-osasto"


def test_a_name_must_stand_in_consecutive_words(finder):
    assert finder.find("Stadin kaupungin osaamiskeskus") == []
