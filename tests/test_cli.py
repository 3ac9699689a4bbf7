import json
import shutil
import threading

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


def test_an_emptied_corpus_file_stops_the_build_naming_it(config, tiny_corpus, capsys):
    main(["--config", config, "build", "--quiet"])
    (tiny_corpus / "services.yaml").write_text("", "utf-8")
    assert main(["--config", config, "build", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err == (f"error: {tiny_corpus / 'services.yaml'}: has no records: the file is empty (or only "
                   "comments); if it is meant to have none, write [] in it\n")
    assert main(["--config", config, "search", "kirjasto"]) == 0, "the old index still serves"


def test_a_build_with_far_fewer_records_needs_allow_shrink(config, tiny_corpus, capsys):
    main(["--config", config, "build", "--quiet"])
    services = tiny_corpus / "services.yaml"
    text = services.read_text("utf-8")
    services.write_text(text[:text.index("\n- ") + 1], "utf-8")  # cut short: one service of two
    assert main(["--config", config, "build", "--quiet"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "error: this build has far fewer records than the one in use, so it was not swapped in (records "
        "per type, in use → now: guidance 1 → 1, measure 3 → 3, service 2 → 1 (50%), unit 3 → 3; "
        "total 9 → 8 (89%)). Is a corpus file emptied, cut short or missing? If the records were removed on "
        "purpose, run 'python -m indexer build --allow-shrink'\n")
    assert main(["--config", config, "export"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 9, "the build in use still serves"
    assert main(["--config", config, "build", "--quiet", "--allow-shrink"]) == 0
    assert json.loads(capsys.readouterr().out)["types"]["service"] == 1


def test_a_second_build_is_refused_while_one_runs(config, tmp_path, capsys):
    import os

    from indexer.store import build_lock

    with build_lock(tmp_path / "ix"):  # what a running build holds
        done = []
        thread = threading.Thread(target=lambda: done.append(main(["--config", config, "build", "--quiet"])))
        thread.start()
        thread.join()
    assert done == [2]
    err = capsys.readouterr().err
    assert err.startswith(f"error: another build is running (pid {os.getpid()}, started ")
    assert "wait for it to finish" in err and not (tmp_path / "ix" / "current").exists()


def test_a_stray_folder_in_the_builds_folder_is_reported(config, tmp_path, capsys):
    main(["--config", config, "build", "--quiet"])
    capsys.readouterr()
    (tmp_path / "ix" / "builds" / "old-index").mkdir()
    assert main(["--config", config, "build", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "warnings" not in json.loads(captured.out)
    assert captured.err == ("warning: builds/old-index is not one of our builds (by its name), so it was "
                            "left alone: move it out of the builds folder\n")


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


SERVICE_DATA = PROJECT / "corpus" / "register"  # the two real register units


@pytest.fixture
def bundled_config(tmp_path):
    """Settings whose corpus is a copy of the bundled one, for commands that write into it."""
    data = shutil.copytree(PROJECT / "corpus" / "data", tmp_path / "corpus" / "data")
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"corpus_dir": str(data), "index_dir": str(tmp_path / "ix")}))
    return str(path), data


@pytest.fixture
def two_units(tmp_path):
    path = tmp_path / "units.json"
    units = [json.loads((SERVICE_DATA / f"unit-{i}.json").read_text("utf-8")) for i in (41102, 42284)]
    path.write_text(json.dumps(units, ensure_ascii=False), "utf-8")
    return path, units


def test_import_units_reports_the_two_real_records(bundled_config, two_units, capsys):
    config, _ = bundled_config
    assert main(["--config", config, "import-units", str(two_units[0])]) == 0
    out = capsys.readouterr().out
    assert "2 register units: 2 matched (2 by register id, 0 by name), 0 new, 0 conflicts" in out
    assert "41102 Yrjönkadun uimahalli = yrjonkadun-uimahalli (by tpr_id); nothing to add" in out
    assert main(["--config", config, "import-units", "--json", str(two_units[0])]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [m["unit"] for m in report["matched"]] == ["yrjonkadun-uimahalli", "talin-jalkapallohalli"]
    assert report["new"] == report["conflicts"] == report["written"] == []


def test_import_units_writes_only_when_asked(bundled_config, two_units, capsys):
    config, data = bundled_config
    path, units = two_units
    units[1] = units[1] | {"id": 77, "name_fi": "Uusi kenttä", "name_sv": "Ny plan", "name_en": "New field"}
    path.write_text(json.dumps(units, ensure_ascii=False), "utf-8")
    assert main(["--config", config, "import-units", str(path)]) == 0
    assert "77 Uusi kenttä -> uusi-kentta (units/register-77.yaml)" in capsys.readouterr().out
    assert not (data / "units" / "register-77.yaml").exists()
    assert main(["--config", config, "import-units", "--write", str(path)]) == 0
    assert "wrote 1 files under corpus/data/: units/register-77.yaml" in capsys.readouterr().out
    written = yaml.safe_load((data / "units" / "register-77.yaml").read_text("utf-8"))
    assert written[0]["contact_source"]["phone"] == "service register (TPR) unit 77, modified 2023-09-08"
    assert main(["--config", config, "check"]) == 0
    assert "78 units" in capsys.readouterr().out
    assert main(["--config", config, "import-units", "--write", str(path)]) == 0
    assert "nothing to write" in capsys.readouterr().out


@pytest.mark.parametrize(("content", "message"), [
    ("not json at all", "is not JSON"),
    ('{"id": 41102}', "must hold a JSON array of unit records"),
    ('[{"name_fi": "Yksikkö"}]', "record 1 has no register id"),
    ('[{"id": 1, "name_fi": " "}]', "record 1 (id 1) has no Finnish name"),
])
def test_import_units_bad_input_is_exit_code_2(config, tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    assert main(["--config", config, "import-units", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ") and message in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def test_import_unit_writes_hours_and_the_contact_source(capsys):
    assert main(["import-unit", str(SERVICE_DATA / "unit-41102.json")]) == 0
    [unit] = yaml.safe_load(capsys.readouterr().out)
    assert unit["contact_source"] == "service register (TPR) unit 41102, modified 2023-11-13"
    assert unit["opening_hours"]["sv"].startswith("Damer (simningstid 2 timmar):")


def test_import_contacts_says_why_nothing_is_attached(capsys):
    source = PROJECT / "corpus" / "sources" / "003_2b8ab085f32847ea.txt"
    assert main(["import-contacts", str(source)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("document 003_2b8ab085f32847ea, line 30: phone 09 310 42303: not attached; "
                        "a person's contact (Viivi Väänänen)")
    assert len(lines) == 20 and all("not attached" in line for line in lines)
