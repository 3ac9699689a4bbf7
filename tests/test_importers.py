import pytest
import yaml

from indexer.importers import (
    clean,
    detect_shape,
    duplicate_of,
    import_document,
    is_heading,
    repair_if_scanned,
)
from tests.conftest import PROJECT

SOURCES = PROJECT / "corpus" / "sources"


@pytest.mark.parametrize(("name", "shape"), [
    ("000_12e3fd32f571a72e.txt", "pdf-measures"),
    ("001_4dbe3307cfa3304b.txt", "table"),
    ("003_2b8ab085f32847ea.txt", "guidance"),
])
def test_detect_shape(name, shape):
    assert detect_shape((SOURCES / name).read_text("utf-8")) == shape


def test_table_import_matches_the_bundled_records():
    text = (SOURCES / "001_4dbe3307cfa3304b.txt").read_text("utf-8")
    draft = import_document(text, "001_4dbe3307cfa3304b", "kotoutuminen-2022-2025")
    bundled = yaml.safe_load((PROJECT / "corpus/data/measures/kotoutuminen-2022-2025.yaml").read_text())
    assert draft.unparsed == []
    assert [(r["theme"], r["number"]) for r in draft.records] == [
        (r["theme"], r["number"]) for r in bundled]
    assert [r["responsible"] for r in draft.records] == [r["responsible"] for r in bundled]


def test_table_rows_that_wrap_are_joined():
    text = (SOURCES / "001_4dbe3307cfa3304b.txt").read_text("utf-8")
    draft = import_document(text, "001", "p")
    measure = next(r for r in draft.records if r["number"] == "2.3" and r["theme"].startswith("Työ"))
    assert measure["responsible"].endswith("kasvatuksen ja koulutuksen toimialan kanssa")
    assert measure["indicators"][0].endswith("palveluprosessin käynnistämistä (kyllä/ei).")


def test_pdf_import_finds_each_measure_once():
    text = (SOURCES / "000_12e3fd32f571a72e.txt").read_text("utf-8")
    draft = import_document(text, "000", "kotouttamisohjelma")
    assert [r["number"] for r in draft.records] == [f"9.{i}" for i in range(1, 10)]
    assert draft.records[2]["text"].startswith("Henkilöstölle järjestetään koulutusta")
    assert draft.unparsed, "the editor is told what is left to fill in"


def test_guidance_split_at_headings():
    text = (SOURCES / "003_2b8ab085f32847ea.txt").read_text("utf-8")
    headings = [r["heading"] for r in import_document(text, "003", "").records]
    assert "Järjestöyhteistyö perhe- ja sosiaalipalveluissa" in headings
    assert "Johtopäätökset" in headings


@pytest.mark.parametrize(("line", "heading"), [
    ("Johtopäätökset", True),
    ("Kaupunki tekee yhteistyötä järjestöjen kanssa.", False),
    ("viivi.vaananen(a)hel.fi", False),
    ("§ 34", False),
])
def test_is_heading(line, heading):
    assert is_heading(line) is heading


def test_clean_joins_broken_words_and_keeps_real_hyphens():
    assert clean("työllisyy-\nden ja sosiaali-\nja terveys") == "työllisyyden ja sosiaali- ja terveys"
    assert clean("TE-\nPalvelut  \n  ovat") == "TE-Palvelut ovat"


def test_scanned_text_is_repaired_before_parsing():
    from analyzers.voikko import finnish

    scan = (SOURCES / "004_0409ad20bd2a48c2.txt").read_text("utf-8")[:3000]
    repaired, notes = repair_if_scanned(scan, finnish().spell)
    assert "Läpileikkaavat" in repaired and "Lapileikkaavat" in scan
    assert notes and notes[0].startswith("reads like an OCR scan")
    clean_text = (SOURCES / "001_4dbe3307cfa3304b.txt").read_text("utf-8")
    assert repair_if_scanned(clean_text, finnish().spell) == (clean_text, [])


def test_duplicate_of_a_known_document():
    known = {p.stem: p.read_text("utf-8") for p in SOURCES.glob("00[0-3]*.txt")}
    scan = (SOURCES / "004_0409ad20bd2a48c2.txt").read_text("utf-8")
    original, similarity = duplicate_of(scan, "new-scan", known)
    assert original == "001_4dbe3307cfa3304b" and similarity > 0.5
    assert duplicate_of(known["003_2b8ab085f32847ea"], "003_2b8ab085f32847ea", known) is None
