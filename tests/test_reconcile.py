import copy
import json
import shutil

import pytest

from corpus import load_corpus
from indexer.reconcile import RegisterError, read_register_units, reconcile, write_units
from tests.conftest import PROJECT

SERVICE_DATA = PROJECT / "corpus" / "register"  # the two real register units
HAND_WRITTEN = "units/documents.yaml"


def real_units() -> list[dict]:
    return [json.loads((SERVICE_DATA / f"unit-{i}.json").read_text("utf-8")) for i in (41102, 42284)]


@pytest.fixture
def data(tmp_path):
    """A copy of the bundled corpus's data, for writing into."""
    return shutil.copytree(PROJECT / "corpus" / "data", tmp_path / "data")


def renamed(unit: dict, tpr_id: int, fi: str, sv: str | None = None, en: str | None = None) -> dict:
    unit = copy.deepcopy(unit)
    unit.update(id=tpr_id, name_fi=fi, name_sv=sv or f"{fi} (sv)", name_en=en or f"{fi} (en)")
    return unit


def thousand() -> tuple[list[dict], dict]:
    """1,000 register records made from the two real ones, with what the report must find in them."""
    yrjo, tali = real_units()
    units = []
    for i in range(900):  # new units
        units.append(renamed((yrjo, tali)[i % 2], 900_000 + i, f"Liikuntahalli {i}"))
    units += [copy.deepcopy(units[i]) for i in range(0, 50)]  # 50 exact repeats
    units += [renamed(tali, 900_000 + i, f"Toinen halli {i}") for i in range(50, 60)]  # 10 ids reused
    units += [renamed(tali, 910_000 + i, f"Liikuntahalli {i}") for i in range(60, 70)]  # 10 names reused
    units += [yrjo, tali]  # ours, by register id
    tyovaenopisto = renamed(tali, 920_001, "Työväenopisto", "Finska arbetarinstitutet",
                            "Helsinki Adult Education Centre")
    ohjaamo = renamed(tali, 920_002, "ohjaamo ", "Ohjaamo Helsingfors", "Ohjaamo Helsinki")  # case, space
    units += [tyovaenopisto, ohjaamo]  # ours, by name: Ohjaamo has a url of its own already
    units += [renamed(tali, 920_003, "Annantalo", "Stadskansliet", "Annantalo")]  # fi one unit, sv another
    units += [renamed(tali, 920_004, "Yrjönkadun uimahalli")]  # ours by name, but another register id
    units += [renamed(tali, 940_000 + i, f"Liikuntahalli {i}") for i in range(900, 924)]  # 24 more new
    expected = {"new": 924, "repeated": 50, "matched": 4, "ambiguous name": 1, "register id": 1,
                "duplicate id": 10, "unit id taken": 10}
    return units, expected


def test_the_two_real_records_match_ours_by_register_id():
    report = reconcile(load_corpus(PROJECT / "corpus" / "data"), real_units())
    assert [(m["unit"], m["by"]) for m in report.matched] == [("yrjonkadun-uimahalli", "tpr_id"),
                                                             ("talin-jalkapallohalli", "tpr_id")]
    assert report.new == [] and report.conflicts == [] and report.changed == {}, "imported already"
    assert "2 matched (2 by register id, 0 by name), 0 new, 0 conflicts" in report.summary("units.json")


def test_a_thousand_records_matched_new_repeated_and_in_conflict(data):
    units, expected = thousand()
    assert len(units) == 1000
    corpus = load_corpus(data)
    report = reconcile(corpus, units)
    kinds = {k: sum(c["kind"] == k for c in report.conflicts) for k in expected if " " in k}
    assert kinds == {k: v for k, v in expected.items() if " " in k}
    assert (len(report.new), len(report.duplicates), len(report.matched)) == (
        expected["new"], expected["repeated"], expected["matched"])
    by_unit = {m["unit"]: m for m in report.matched}
    assert by_unit["tyovaenopisto"]["by"] == "name.fi" and by_unit["ohjaamo"]["by"] == "name.fi"
    assert "phone" in by_unit["tyovaenopisto"]["added"] and "tpr_id" in by_unit["tyovaenopisto"]["added"]
    [sv] = [c for c in report.conflicts if c.get("field") == "name.sv"]
    assert (sv["unit"], sv["ours"], sv["theirs"]) == (
        "tyovaenopisto", "Helsingfors finska arbetarinstitut", "Finska arbetarinstitutet")
    [url] = [c for c in report.conflicts if c.get("field") == "url"]
    assert (url["unit"], url["ours"], url["kept"]) == ("ohjaamo", "https://ohjaamohelsinki.fi", "ours")
    [ambiguous] = [c for c in report.conflicts if c["kind"] == "ambiguous name"]
    assert set(ambiguous["units"]) == {"annantalo", "kaupunginkanslia"}
    [other] = [c for c in report.conflicts if c["kind"] == "register id"]
    assert "yrjonkadun-uimahalli" in other["message"] and "41102" in other["message"]
    assert report.written == [] and (data / "units" / "register-900000.yaml").exists() is False
    summary = report.summary("units.json")
    assert summary.startswith("units.json: 1000 register units: 4 matched (2 by register id, 2 by name), "
                              "924 new, ")
    assert "ohjaamo: url differs\n      ours:     \"https://ohjaamohelsinki.fi\"" in summary


def test_writing_a_thousand_gives_a_corpus_that_loads(data):
    units, expected = thousand()
    before = (data / HAND_WRITTEN).read_text("utf-8")
    corpus = load_corpus(data)
    report = reconcile(corpus, units)
    write_units(corpus, report)
    after = load_corpus(data)
    assert len(after.units) == len(corpus.units) + expected["new"]
    assert after.warnings == []
    new = after.units["liikuntahalli-7"]
    assert new.tpr_id == 900_007 and new.parent == "kulttuurin-ja-vapaa-ajan-toimiala"
    assert new.source_of("phone") == "service register (TPR) unit 900007, modified 2023-09-08"
    assert (data / "units" / "register-900007.yaml").exists()
    opisto, ohjaamo = after.units["tyovaenopisto"], after.units["ohjaamo"]
    assert opisto.tpr_id == 920_001 and opisto.phone == "+358 9 310 87703"
    assert opisto.aliases == corpus.units["tyovaenopisto"].aliases, "hand-written aliases stay"
    assert ohjaamo.url == "https://ohjaamohelsinki.fi", "our curated url is kept"
    assert ohjaamo.source_of("url").startswith("unit registry, entered by hand")
    assert ohjaamo.source_of("phone") == "service register (TPR) unit 920002, modified 2023-09-08"
    text = (data / HAND_WRITTEN).read_text("utf-8")
    assert text.count("\n") > before.count("\n") and text.startswith(before.split("- name:")[0])
    kept = [line for line in before.splitlines() if line.startswith("#")]
    assert all(line in text for line in kept), "the file's comments stay"
    assert "\n- name: {fi: Työväenopisto, sv: Helsingfors finska arbetarinstitut, en: Helsinki Adult " \
        "Education Centre}\n  tpr_id: 920001\n" in text, "rewritten in place, in the style of its neighbours"


def test_update_takes_the_registers_value_but_never_the_finnish_name(data):
    yrjo, tali = real_units()
    moved = renamed(yrjo, 41102, "Yrjönkadun uimahalli (suljettu)", "Georgsgatans simhall",
                    "Yrjönkatu swimming hall")
    moved["phone"] = "+358 9 310 99999"
    ohjaamo = renamed(tali, 920_002, "Ohjaamo", "Ohjaamo Helsingfors", "Ohjaamo Helsinki")
    corpus = load_corpus(data)
    report = reconcile(corpus, [moved, ohjaamo], update=True)
    kept = {c["field"]: c["kept"] for c in report.conflicts}
    assert kept == {"name.fi": "ours", "phone": "register", "url": "register", "parent": "register"}
    write_units(corpus, report)
    after = load_corpus(data)
    hall = after.units["yrjonkadun-uimahalli"]
    assert hall.phone == "+358 9 310 99999" and hall.name["fi"] == "Yrjönkadun uimahalli"
    assert after.units["ohjaamo"].url == tali["connections"][3]["www_fi"]
    source = "service register (TPR) unit 920002, modified 2023-09-08"
    assert after.units["ohjaamo"].source_of("url") == source


def test_a_division_above_our_parent_is_no_conflict():
    centre = renamed(real_units()[1], 930_001, "Stadin osaamiskeskus")
    centre["displayed_service_owner_fi"] = ("kunnallinen palvelu, Kasvatuksen ja koulutuksen toimiala, "
                                            "Helsingin kaupunki")
    report = reconcile(load_corpus(PROJECT / "corpus" / "data"), [centre])
    assert [c["field"] for c in report.conflicts if c["unit"] == "stadin-osaamiskeskus"] == [
        "name.sv", "name.en", "url"]
    assert "parent" not in report.matched[0]["added"]


def test_a_write_that_would_break_the_corpus_changes_nothing(data):
    corpus = load_corpus(data)
    report = reconcile(corpus, [renamed(real_units()[1], 930_000, "Uusi halli")])
    report.created["uusi-halli"]["parent"] = "no-such-unit"
    with pytest.raises(Exception, match="parent 'no-such-unit' is not a unit"):
        write_units(corpus, report)
    assert not (data / "units" / "register-930000.yaml").exists()
    assert len(load_corpus(data).units) == len(corpus.units)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "is not JSON (Expecting property name enclosed in double quotes at line 1, column 2)"),
    ('{"id": 1}', "must hold a JSON array of unit records, not dict"),
    ('[{"id": 1, "name_fi": "A"}, 3]', "record 2 is not an object but int"),
    ('[{"name_fi": "A"}]', "record 1 has no register id ('id', a number)"),
    ('[{"id": "1", "name_fi": "A"}]', "record 1 has no register id"),
    ('[{"id": 5, "name_sv": "A"}]', "record 1 (id 5) has no Finnish name ('name_fi')"),
])
def test_bad_input_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "units.json"
    path.write_text(content, "utf-8")
    with pytest.raises(RegisterError) as error:
        read_register_units(path)
    assert message in str(error.value)
