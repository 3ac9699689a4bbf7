import pytest
import yaml

from corpus import CorpusError, load_corpus
from tests.conftest import PROJECT, TINY, write_corpus


def test_tiny_corpus_loads_with_derived_ids(tiny_corpus):
    corpus = load_corpus(tiny_corpus)
    assert sorted(corpus.measures) == [
        "ohjelma-lapset-ja-nuoret-1.2", "ohjelma-tyollisyys-ja-tyovoima-1.2",
        "ohjelma-tyollisyys-ja-tyovoima-1.3"]
    assert sorted(corpus.units) == ["kaupunginkanslia", "kaupunginkanslian-elinkeino-osasto", "tyovaenopisto"]


def test_responsible_text_links_units(tiny_corpus):
    links = load_corpus(tiny_corpus).links
    assert links["ohjelma-tyollisyys-ja-tyovoima-1.2"] == ["kaupunginkanslian-elinkeino-osasto"]
    assert links["ohjelma-tyollisyys-ja-tyovoima-1.3"] == ["kaupunginkanslian-elinkeino-osasto",
                                                          "tyovaenopisto"]


def test_ids_do_not_depend_on_file_order(tmp_path):
    reordered = TINY | {"measures/ohjelma.yaml": TINY["measures/ohjelma.yaml"][::-1]}
    first = load_corpus(write_corpus(tmp_path / "a"))
    second = load_corpus(write_corpus(tmp_path / "b", reordered))
    assert set(first.measures) == set(second.measures)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda m: m.update(programme="tuntematon"), "programme 'tuntematon' is not in programmes.yaml"),
    (lambda m: m.update(responsible="Ei kukaan"), "no unit is named in 'Ei kukaan'"),
    (lambda m: m["sources"][0].update(document="nope"), "document 'nope' is not in documents.yaml"),
    (lambda m: m.update(units=["nope"]), "unit 'nope' is not a unit"),
])
def test_broken_links_name_file_and_line(tmp_path, edit, message):
    measures = yaml.safe_load(yaml.safe_dump(TINY["measures/ohjelma.yaml"]))
    edit(measures[1])
    data = write_corpus(tmp_path, TINY | {"measures/ohjelma.yaml": measures})
    with pytest.raises(CorpusError) as error:
        load_corpus(data)
    assert error.value.path.endswith("ohjelma.yaml") and error.value.line is not None
    assert message in str(error.value)


def test_same_measure_twice_is_an_error(tmp_path):
    measures = TINY["measures/ohjelma.yaml"] + TINY["measures/ohjelma.yaml"][:1]
    with pytest.raises(CorpusError, match="a second measure 'ohjelma-tyollisyys-ja-tyovoima-1.2'"):
        load_corpus(write_corpus(tmp_path, TINY | {"measures/ohjelma.yaml": measures}))


def test_bundled_corpus_has_every_programme_measure_with_units():
    corpus = load_corpus(PROJECT / "corpus" / "data")
    by_programme = {}
    for rid, measure in corpus.measures.items():
        by_programme.setdefault(measure.programme, []).append(rid)
        assert corpus.links[rid], rid
        for unit in corpus.links[rid]:
            assert set(corpus.units[unit].name) == {"fi", "sv", "en"}, unit
    assert len(by_programme["kotoutuminen-2022-2025"]) >= 47
    assert len(by_programme["kotouttamisohjelma"]) >= 60
    assert len(corpus.services) == 1530
    measure = corpus.measures["kotouttamisohjelma-9.3"]
    assert {s.document for s in measure.sources} == {"000_12e3fd32f571a72e", "002_c9899e1196bdeae5"}


def units_with(tmp_path, **changes):
    """The tiny corpus with the Työväenopisto unit (the one with a url) changed."""
    units = yaml.safe_load(yaml.safe_dump(TINY["units/units.yaml"]))
    units[2].update(changes)
    return write_corpus(tmp_path, TINY | {"units/units.yaml": units})


def test_a_channel_without_a_source_loads_with_a_warning_naming_file_and_line(tmp_path):
    units = [dict(u) for u in TINY["units/units.yaml"]]
    units[2].pop("contact_source")
    corpus = load_corpus(write_corpus(tmp_path, TINY | {"units/units.yaml": units}))
    [warning] = corpus.warnings
    assert "units.yaml:" in warning and "'tyovaenopisto'" in warning and "url" in warning


@pytest.mark.parametrize("source", ["document doc-c, line 1", {"url": "document doc-c, line 1"}])
def test_a_contact_source_for_every_channel_or_one_for_all(tmp_path, source):
    corpus = load_corpus(units_with(tmp_path, contact_source=source))
    assert corpus.warnings == []
    assert corpus.units["tyovaenopisto"].source_of("url") == "document doc-c, line 1"


@pytest.mark.parametrize(("changes", "message"), [
    ({"contact_source": {"fax": "x"}}, "contact_source names 'fax', which is not a contact channel"),
    ({"contact_source": {"url": "x", "phone": "y"}},
     "contact_source names 'phone', but the unit has no phone"),
    ({"url": None, "contact_source": "x"}, "contact_source is given but the unit has no contact channel"),
    ({"contact_source": {"url": ""}}, "must map each contact channel to a text"),
    ({"contact_source": ["x"]}, "field 'contact_source' must be a string, not a list"),
])
def test_a_wrong_contact_source_names_file_and_line(tmp_path, changes, message):
    with pytest.raises(CorpusError) as error:
        load_corpus(units_with(tmp_path, **changes))
    assert error.value.path.endswith("units.yaml") and error.value.line is not None
    assert message in str(error.value)


def test_a_mapping_that_leaves_a_channel_out_warns_about_that_channel(tmp_path):
    corpus = load_corpus(units_with(tmp_path, phone="09 310 1", contact_source={"url": "x"}))
    [warning] = corpus.warnings
    assert "its phone comes from" in warning


def test_every_contact_channel_of_the_bundled_units_has_its_source():
    corpus = load_corpus(PROJECT / "corpus" / "data")
    assert corpus.warnings == []
    ihh = corpus.units["international-house-helsinki"]
    assert ihh.source_of("url") == ("unit registry, entered by hand (not from the source documents or "
                                    "the service register)")
    assert corpus.units["talin-jalkapallohalli"].source_of("opening_hours").startswith(
        "service register (TPR) unit 42284")


MEASURE_TEXT = """\
- programme: ohjelma
  theme: Työllisyys ja työvoima
  number: 5
  text: Kirjastot järjestävät läksyapua.
  responsible: Kaupunginkanslia
  sources:
  - document: doc-c
    line: one
"""


def test_a_type_error_names_the_line_of_the_field(tmp_path):
    data = write_corpus(tmp_path)
    path = data / "measures" / "ohjelma.yaml"
    path.write_text(MEASURE_TEXT, "utf-8")
    with pytest.raises(CorpusError) as error:
        load_corpus(data)
    assert str(error.value) == f"{path}:3: field 'number' must be a string, not int; quote it: \"5\""
    path.write_text(MEASURE_TEXT.replace("number: 5", "number: '5'"), "utf-8")
    with pytest.raises(CorpusError) as error:
        load_corpus(data)
    assert str(error.value) == f"{path}:8: field 'line' must be an integer, not str"


def test_a_key_given_twice_in_a_record_stops_the_load(tmp_path):
    data = write_corpus(tmp_path)
    path = data / "measures" / "ohjelma.yaml"
    path.write_text(MEASURE_TEXT.replace("  number: 5\n", "  number: '5'\n  number: '6'\n"), "utf-8")
    with pytest.raises(CorpusError, match=r"ohjelma.yaml:4: the key 'number' appears twice in one mapping "
                                          r"\(first on line 3\)"):
        load_corpus(data)


def test_an_emptied_corpus_file_stops_the_load_naming_it(tmp_path):
    data = write_corpus(tmp_path)
    (data / "services.yaml").write_text("", "utf-8")
    with pytest.raises(CorpusError) as error:
        load_corpus(data)
    assert error.value.path.endswith("services.yaml") and "has no records" in str(error.value)
    (data / "services.yaml").write_text("[]  # the services are not in this corpus\n", "utf-8")
    assert load_corpus(data).services == {}
