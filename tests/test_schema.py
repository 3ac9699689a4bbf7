import pytest

from corpus.schema import CorpusError, Measure, Programme, Unit, validate

MEASURE = {"programme": "p", "theme": "T", "number": "1.1", "text": "Teksti", "responsible": "Yksikkö",
           "sources": [{"document": "d", "line": 3}]}


def test_valid_measure():
    measure = validate(Measure, MEASURE, "m.yaml", 1)
    assert measure.sources[0].document == "d" and measure.indicators == []


@pytest.mark.parametrize(("change", "message"), [
    ({"nro": "1"}, "m.yaml:7: unknown field 'nro' in a measure"),
    ({"text": ""}, "m.yaml:7: a measure needs 'text'"),
    ({"number": 1.1}, "m.yaml:7: field 'number' must be a string, not float; quote it: \"1.1\""),
    ({"indicators": "yksi"}, "m.yaml:7: field 'indicators' must be a list, not str"),
    ({"sources": [{"doc": "d"}]}, "m.yaml:7: unknown field 'doc' in a source"),
])
def test_errors_name_file_line_and_field(change, message):
    with pytest.raises(CorpusError) as error:
        validate(Measure, MEASURE | change, "m.yaml", 7)
    assert str(error.value).startswith(message)


def test_names_must_map_languages_to_text():
    with pytest.raises(CorpusError, match="must map language codes to text"):
        validate(Unit, {"name": ["Kaupunginkanslia"]}, "u.yaml", 2)


def test_record_must_be_a_mapping():
    with pytest.raises(CorpusError, match="u.yaml:4: a programme must be a mapping, not a list"):
        validate(Programme, ["x"], "u.yaml", 4)
