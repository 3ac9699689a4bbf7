import pytest

from corpus.schema import CorpusError
from corpus.yamlfile import read_list


def test_mappings_know_their_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("# comment\n- a: 1\n- b: 2\n  c: 3\n", "utf-8")
    assert [item.line for item in read_list(path)] == [2, 3]


def test_syntax_error_names_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("- a: 1\n- b: [unclosed\n", "utf-8")
    with pytest.raises(CorpusError, match=r"bad.yaml:\d+: not valid YAML"):
        read_list(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("- name: Työ\n".encode("latin-1"))
    with pytest.raises(CorpusError, match="not UTF-8"):
        read_list(path)


def test_must_be_a_list(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("a: 1\n", "utf-8")
    with pytest.raises(CorpusError, match="must be a list of records"):
        read_list(path)


def test_empty_file_is_empty_list(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", "utf-8")
    assert read_list(path) == []
