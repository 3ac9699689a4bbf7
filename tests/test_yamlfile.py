import pytest

from corpus.schema import CorpusError
from corpus.yamlfile import read_list


def read(tmp_path, content, name="a.yaml"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return read_list(path)


def error_of(tmp_path, content, name="a.yaml") -> str:
    with pytest.raises(CorpusError) as error:
        read(tmp_path, content, name)
    return str(error.value).removeprefix(str(tmp_path) + "/")


def test_mappings_know_their_line_and_their_keys_lines(tmp_path):
    items = read(tmp_path, "# comment\n- a: 1\n- b: 2\n  c: 3\n")
    assert [item.line for item in items] == [2, 3]
    assert items[1].lines == {"b": 3, "c": 4}


def test_syntax_error_names_line(tmp_path):
    assert error_of(tmp_path, "- a: 1\n- b: [unclosed\n", "bad.yaml").startswith("bad.yaml:3: not valid YAML")


@pytest.mark.parametrize(("text", "message"), [
    ("- number: '1'\n  text: a\n  number: '2'\n",
     "a.yaml:3: the key 'number' appears twice in one mapping (first on line 1); keep one"),
    ("- name: {fi: Kirjasto,\n          fi: Bibliotek}\n",
     "a.yaml:2: the key 'fi' appears twice in one mapping (first on line 1); keep one"),
])
def test_a_key_given_twice_names_its_line_and_the_key(tmp_path, text, message):
    assert error_of(tmp_path, text) == message


def test_the_same_key_in_two_records_is_fine(tmp_path):
    assert len(read(tmp_path, "- number: '1'\n- number: '2'\n")) == 2


def test_not_utf8_names_the_line_and_byte(tmp_path):
    text = "- name: Kirjasto\n- name: Työ\n".encode("latin-1")
    assert error_of(tmp_path, text, "latin.yaml") == (
        "latin.yaml:2: not UTF-8 text at byte 11 of the line (0xf6: invalid start byte); "
        "save the file as UTF-8")


def test_a_nul_character_names_its_line(tmp_path):
    assert error_of(tmp_path, "- a: 1\n- b: x\x00y\n") == (
        "a.yaml:2: a NUL character (byte 0) at column 7: the file is damaged or not text")


def test_a_control_character_names_its_line(tmp_path):
    assert error_of(tmp_path, "- a: 1\n- bä: ö\x01\n") == (
        "a.yaml:2: a control character (U+0001) at column 8, which YAML does not allow; remove it")


def test_must_be_a_list(tmp_path):
    assert "must be a list of records" in error_of(tmp_path, "a: 1\n", "map.yaml")


@pytest.mark.parametrize("text", ["", "\n\n", "# all records removed\n", "~\n"])
def test_a_file_with_no_records_is_an_error(tmp_path, text):
    assert error_of(tmp_path, text, "services.yaml") == (
        "services.yaml: has no records: the file is empty (or only comments); "
        "if it is meant to have none, write [] in it")


def test_a_file_meant_to_be_empty_says_so(tmp_path):
    assert read(tmp_path, "# no guidance passages yet\n[]\n") == []
