import json

import pytest
import yaml

from indexer.cli import main
from tests.conftest import PROJECT


@pytest.fixture
def config(tiny_corpus, tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"corpus_dir": str(tiny_corpus), "index_dir": str(tmp_path / "ix")}))
    return str(path)


def test_build_then_search_then_export(config, capsys):
    assert main(["--config", config, "build", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["records"] == 9
    assert main(["--config", config, "search", "työllisyyspalveluihin"]) == 0
    out = capsys.readouterr().out
    assert "ohjelma-tyollisyys-ja-tyovoima-1.2" in out and "Kaupunginkanslian elinkeino-osasto" in out
    assert main(["--config", config, "export"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 9
    assert all({"id", "type", "title", "text", "units", "source"} <= set(r) for r in lines)
    assert "fields" not in lines[0]


def test_search_json(config, capsys):
    main(["--config", config, "build", "--quiet"])
    capsys.readouterr()
    assert main(["--config", config, "search", "--json", "kirjasto"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] >= 1


def test_malformed_corpus_stops_the_build_with_file_and_line(config, tiny_corpus, capsys):
    main(["--config", config, "build", "--quiet"])
    bad = tiny_corpus / "measures" / "ohjelma.yaml"
    bad.write_text(bad.read_text("utf-8") + "- programme: ohjelma\n  theme: X\n  nro: 5\n", "utf-8")
    assert main(["--config", config, "build", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "ohjelma.yaml:" in err and "unknown field 'nro'" in err
    assert "Traceback" not in err
    assert main(["--config", config, "search", "kirjasto"]) == 0, "the old index still serves"


def test_check_validates_without_building(config, capsys, tmp_path):
    assert main(["--config", config, "check"]) == 0
    assert capsys.readouterr().out.startswith("corpus is valid: 3 measures, 0 indicators, 3 units")
    assert not (tmp_path / "ix").exists()


def test_search_without_index_says_what_to_run(config, capsys):
    assert main(["--config", config, "search", "kirjasto"]) == 2
    assert "python -m indexer build" in capsys.readouterr().err


def test_bad_config_is_reported(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_text("portti: 80\n")
    assert main(["--config", str(path), "export"]) == 2
    assert "unknown setting 'portti'" in capsys.readouterr().err


def test_import_document_prints_drafts_and_what_it_could_not_parse(capsys):
    source = PROJECT / "corpus" / "sources" / "000_12e3fd32f571a72e.txt"
    assert main(["import-document", str(source), "--programme", "kotouttamisohjelma"]) == 0
    captured = capsys.readouterr()
    drafts = yaml.safe_load(captured.out)
    assert [d["number"] for d in drafts][:2] == ["9.1", "9.2"]
    assert "pdf-measures, 9 draft records" in captured.err and "not parsed" in captured.err


def test_import_document_missing_file(capsys):
    assert main(["import-document", "/no/such/file.txt"]) == 2
    assert "No such file" in capsys.readouterr().err


def test_import_services(tmp_path, capsys):
    tree = tmp_path / "tree.json"
    tree.write_text(json.dumps([{"id": 1, "name_fi": "Kirjastot", "name_sv": "Bibliotek",
                                 "name_en": "Libraries", "child_ids": []}]))
    assert main(["import-services", str(tree)]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == [
        {"tree_id": 1, "name": {"fi": "Kirjastot", "sv": "Bibliotek", "en": "Libraries"}}]


def test_import_document_refuses_a_copy_of_a_known_document(capsys):
    source = PROJECT / "corpus" / "sources" / "004_0409ad20bd2a48c2.txt"
    assert main(["import-document", str(source)]) == 0
    captured = capsys.readouterr()
    assert yaml.safe_load(captured.out) == []
    assert "near-duplicate of 001_4dbe3307cfa3304b" in captured.err
