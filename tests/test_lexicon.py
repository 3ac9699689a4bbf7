from types import SimpleNamespace

import pytest

from corpus import CorpusError
from corpus.lexicon import LEXICON_DIR, load_lexicon
from indexer.lexicon import compile_lexicon, mine_service_names
from query.lexicon import Lexicon, key, normalise
from tests.test_freedict import ENTRIES, write_dictd

VOCABULARY = {"kirjasto", "kielikurssi", "kieli", "kurssi", "rasismi", "varhaiskasvatus",
              "työllisyyspalvelu", "työllisyys", "palvelu", "kirjastopalvelu"}


def concept(id, **terms):
    return SimpleNamespace(id=id, terms={k: tuple(v) for k, v in terms.items()})


CONCEPTS = [
    concept("language-course", fi=["kielikurssi"], en=["language course"], sv=["språkkurs"],
            zh=["语言课程"]),
    concept("language", fi=["kieli"], en=["language"], zh=["语言"]),
    concept("course", fi=["kurssi"], en=["course"]),
    concept("library", fi=["kirjasto"], en=["library"], et=["raamatukogu"], zh=["图书馆"]),
    concept("estonian", fi=["vironkielinen"], et=["eesti keel"]),
]


def test_bundled_lexicon_loads_and_every_concept_has_finnish():
    concepts = load_lexicon(LEXICON_DIR)
    assert len(concepts) >= 100
    assert all(c.terms["fi"] for c in concepts)
    assert len({c.id for c in concepts}) == len(concepts)


@pytest.mark.parametrize(("text", "message"), [
    ("concepts:\n  - id: a\n    en: [x]\n", "needs at least one Finnish term"),
    ("concepts:\n  - id: a\n    fi: [x]\n    xx: [y]\n", "unknown language 'xx'"),
    ("concepts:\n  - id: a\n    fi: x\n", "fi must be a list"),
    ("concepts:\n  - id: a\n    fi: [x]\n  - id: a\n    fi: [y]\n", "concept 'a' is also at"),
    ("- a\n", "must be a mapping with a list 'concepts'"),
    ("concepts: [\n", "not valid YAML"),
])
def test_a_bad_lexicon_file_is_a_clear_error(tmp_path, text, message):
    (tmp_path / "bad.yaml").write_text(text, "utf-8")
    with pytest.raises(CorpusError, match=message) as error:
        load_lexicon(tmp_path)
    assert "bad.yaml" in str(error.value)


def test_phrases_are_matched_before_their_words():
    lexicon = compile_lexicon(CONCEPTS, [], VOCABULARY, None)
    spans = lexicon.match(["Language", "courses", "library"], "en")
    assert [(s.text, [t[0] for t in s.translations]) for s in spans] == [
        ("Language courses", ["kielikurssi"]), ("library", ["kirjasto"])]


def test_inflection_tolerance_where_there_is_no_stemmer():
    lexicon = compile_lexicon(CONCEPTS, [], VOCABULARY, None)
    assert lexicon.match(["raamatukogus"], "et")[0].translations[0][0] == "kirjasto"
    assert lexicon.match(["raama"], "et") == []
    assert lexicon.match(["eesti", "keeles"], "et")[0].translations[0][0] == "vironkielinen"


def test_unsegmented_scripts_are_scanned_for_terms():
    lexicon = compile_lexicon(CONCEPTS, [], VOCABULARY, None)
    spans = lexicon.scan("我想找语言课程和图书馆", "zh")
    assert [(s.text, s.translations[0][0]) for s in spans] == [("语言课程", "kielikurssi"),
                                                               ("图书馆", "kirjasto")]


def test_freedict_is_a_fallback_kept_to_the_index_vocabulary(tmp_path):
    write_dictd(tmp_path, "eng-fin", ENTRIES)
    lexicon = compile_lexicon(CONCEPTS, [], VOCABULARY, tmp_path)
    assert lexicon.lookup("en", key("racism", "en")) == (("rasismi", 0.5, "freedict"),)
    assert lexicon.lookup("en", key("library", "en")) == (("kirjasto", 1.0, "curated"),), \
        "a curated word takes no dictionary noise"
    assert lexicon.lookup("en", key("course", "en"))[0][0] == "kurssi"
    assert all(t[0] != "reitti" for t in lexicon.lookup("en", key("course", "en"))), \
        "'reitti' is not in the index"


def service(fi, sv, en):
    return SimpleNamespace(name={"fi": fi, "sv": sv, "en": en})


def test_service_names_are_mined_into_pairs():
    services = [service("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
                service("Nuorten työllisyyspalvelut", "Sysselsättningstjänster för unga",
                        "Employment services for young people"),
                service("Kirjastopalvelut", "Bibliotekstjänster", "Library services"),
                service("Työllisyys", "Sysselsättning", "Employment"),
                service("Varhaiskasvatus", "Småbarnspedagogik", "Early childhood education")]
    pairs = {(lang, k, fi) for lang, k, fi, _written in mine_service_names(services, VOCABULARY)}
    assert ("en", key("Early childhood education", "en"), "Varhaiskasvatus") in pairs
    assert ("sv", key("Småbarnspedagogik", "sv"), "Varhaiskasvatus") in pairs
    assert ("en", key("employment", "en"), "työllisyys") in pairs, "aligned by co-occurrence"
    assert ("en", key("services", "en"), "palvelu") in pairs


def test_lexicon_round_trips_through_its_file(tmp_path):
    lexicon = compile_lexicon(CONCEPTS, [], VOCABULARY, None)
    lexicon.save(tmp_path)
    assert Lexicon.load(tmp_path).tables == lexicon.tables
    assert Lexicon.load(tmp_path / "missing").tables == {}


def test_the_arabic_article_is_taken_off_arabic_words_only():
    assert normalise("والمدرسة", "ar") == normalise("مدرسة", "ar")
    assert normalise("والدین", "fa") != normalise("دین", "fa"), "Persian 'parents' is not 'religion'"
