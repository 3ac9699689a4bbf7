import pytest

from corpus import load_corpus
from corpus.mentions import MentionFinder
from indexer.contacts import attach, document_contacts
from tests.conftest import PROJECT

SOURCES = PROJECT / "corpus" / "sources"


@pytest.fixture(scope="module")
def finder():
    corpus = load_corpus(PROJECT / "corpus" / "data")
    return MentionFinder({uid: [*u.name.values(), *u.aliases] for uid, u in corpus.units.items()})


def found(text, finder):
    return [(c.channel, c.value, c.line, unit) for c, unit, _ in attach(document_contacts(text, "d"), text,
                                                                          finder)]


def test_a_contact_right_after_a_units_name_is_that_units(finder):
    text = "Ohjeita:\nStadin osaamiskeskus, puh. 09 310 12345, www.example.fi\nMuuta."
    assert found(text, finder) == [("phone", "09 310 12345", 2, "stadin-osaamiskeskus"),
                                   ("url", "www.example.fi", 2, "stadin-osaamiskeskus")]
    contact, _, _ = attach(document_contacts(text, "d"), text, finder)[0]
    assert contact.source == "document d, line 2"


@pytest.mark.parametrize("text", [
    "Maija Mallikas, lastensuojelun johtaja, puhelin: 09 310 43439",  # a person's, though a unit is named
    "Kehitetään Finnishcourses.fi-sivustoa.\tKaupunginkanslian viestintä",  # a unit in another column
    "Stadin osaamiskeskus kertoo asiasta tarkemmin. Lisätietoja puh. 09 310 1111",  # not directly after
])
def test_no_contact_is_attached_by_guesswork(finder, text):
    assert [unit for *_, unit in found(text, finder)] == [None]


def test_the_documents_contacts_are_found_with_their_lines_and_none_is_a_units(finder):
    text = (SOURCES / "003_2b8ab085f32847ea.txt").read_text("utf-8")
    contacts = attach(document_contacts(text, "003_2b8ab085f32847ea"), text, finder)
    phones = [c for c, _, _ in contacts if c.channel == "phone"]
    assert [(c.value, c.line, c.person) for c in phones[:2]] == [
        ("09 310 42303", 30, "Viivi Väänänen"), ("09 310 64489", 32, "Leena Luhtasela")]
    emails = [c for c, _, _ in contacts if c.channel == "email"]
    assert emails[0].value == "viivi.vaananen@hel.fi" and emails[0].line == 31
    assert len(phones) == len(emails) == 10
    assert all(unit is None for _, unit, _ in contacts), "officials' contacts, not units'"
    assert all(why.startswith("a person's contact") for *_, why in contacts)


def test_web_addresses_in_running_text(finder):
    text = (SOURCES / "002_c9899e1196bdeae5.txt").read_text("utf-8")
    urls = [(c.value, c.line, unit) for c, unit, _ in attach(document_contacts(text, "002"), text, finder)
            if c.channel == "url"]
    assert ("www.helsinkiliikkuu.fi", 2859, None) in urls
    assert [u for u, *_ in urls] == ["Omastadi.hel.fi", "www.helsinkiliikkuu.fi", "terveytemme.fi",
                                     "Buddyschool.fi", "www.helsinkikanava.fi"]
    assert document_contacts("Väkiluku kasvoi 150 000 asukkaalla vuonna 2019.", "d") == []
