"""Tests for indexer.ocr, run against the real libvoikko and real documents."""

from collections.abc import Iterator
from pathlib import Path

import libvoikko
import pytest
import yaml

from analyzers.diacritics import case_variants
from indexer.ocr import (
    join_hyphenated,
    lemma_overlap,
    ocr_report,
    recognised_share,
    repair_ocr,
    restore_umlauts,
    umlaut_candidates,
    voikko_lemmas,
    word_tokens,
)

SOURCES = Path(__file__).parents[1] / "corpus" / "sources"
OCR_FILE = SOURCES / "004_0409ad20bd2a48c2.txt"
CLEAN_FILE = SOURCES / "001_4dbe3307cfa3304b.txt"
GOLDEN = yaml.safe_load((Path(__file__).parent / "golden" / "ocr_pairs.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def voikko() -> Iterator[libvoikko.Voikko]:
    handle = libvoikko.Voikko("fi")
    yield handle
    handle.terminate()


@pytest.fixture(scope="module")
def ocr_text() -> str:
    return OCR_FILE.read_text("utf-8")


@pytest.fixture(scope="module")
def clean_text() -> str:
    return CLEAN_FILE.read_text("utf-8")


def test_word_tokens_split_on_punctuation_and_hyphens() -> None:
    assert word_tokens("S2-opetus (kyllä/ei), 2022.") == ["S2", "opetus", "kyllä", "ei", "2022"]


def test_golden_forms_are_printed_in_the_scan(ocr_text: str) -> None:
    for pair in GOLDEN["words"] + GOLDEN["hyphenated"]:
        assert pair["ocr"] in ocr_text, pair["ocr"]


@pytest.mark.parametrize("pair", GOLDEN["words"], ids=lambda p: p["ocr"])
def test_restores_umlauts_in_real_words(voikko: libvoikko.Voikko, pair: dict[str, str]) -> None:
    assert restore_umlauts(pair["ocr"], voikko.spell) == pair["clean"]


@pytest.mark.parametrize("pair", GOLDEN["hyphenated"], ids=lambda p: p["ocr"])
def test_repairs_hyphenated_line_breaks(voikko: libvoikko.Voikko, pair: dict[str, str]) -> None:
    assert repair_ocr(pair["ocr"], voikko.spell) == pair["clean"]


@pytest.mark.parametrize(
    "printed",
    [
        "sosiaali-\nja terveystoimiala",  # coordination: the right part is a word
        "S2-\nopetus",  # neither S2opetus nor S2-opetus is known
        "2016-\n2019",  # numbers are never run together
        "suomen- \ntai ruotsin",  # a space after the hyphen: printed hyphen
    ],
)
def test_keeps_real_hyphens(voikko: libvoikko.Voikko, printed: str) -> None:
    assert join_hyphenated(printed, voikko.spell) == printed


def test_keeps_hyphen_when_only_hyphenated_compound_is_a_word(voikko: libvoikko.Voikko) -> None:
    text = "hyvinvointi-\nindikaattorit ja elinkeino-\nosasto"
    assert join_hyphenated(text, voikko.spell) == "hyvinvointi-indikaattorit ja elinkeino-osasto"


def test_keeps_other_line_breaks(voikko: libvoikko.Voikko) -> None:
    text = "Kaupunginkanslian\nviestinta yhdessa toi-\nmialojen\n\nkanssa"
    expected = "Kaupunginkanslian\nviestintä yhdessä toimialojen\n\nkanssa"
    assert repair_ocr(text, voikko.spell) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("LAPILEIKKAAVAT", "LÄPILEIKKAAVAT"),
        ("YHTEIS6JEN", "YHTEISÖJEN"),  # a digit has no case: ALL CAPS is kept as such
        ("Kylld", "Kyllä"),
        ("kylld", "kyllä"),
    ],
)
def test_case_is_preserved(voikko: libvoikko.Voikko, word: str, expected: str) -> None:
    assert restore_umlauts(word, voikko.spell) == expected


@pytest.mark.parametrize(
    "word",
    ["Finnishcourses", "InfoFinlandin", "xyzzy", "KV013", "2022", "tiedon", "Helsinki", "seuranta"],
)
def test_leaves_unknown_and_correct_words_alone(voikko: libvoikko.Voikko, word: str) -> None:
    assert restore_umlauts(word, voikko.spell) == word


def test_leaves_addresses_alone(voikko: libvoikko.Voikko) -> None:
    text = "saila.nummikoski(a)hel.fi ja Finnishcourses.fi-sivustoa"
    assert repair_ocr(text, voikko.spell) == text


def test_candidates_fewest_changes_first() -> None:
    candidates = list(umlaut_candidates("kdytdssa"))
    changes = [sum(a != b for a, b in zip("kdytdssa", c, strict=True)) for c in candidates]
    assert changes == sorted(changes)
    assert candidates[0] in {"käytdssa", "köytdssa"}


def test_candidate_search_is_bounded() -> None:
    assert list(umlaut_candidates("a" * 9, max_positions=8)) == []
    assert len(list(umlaut_candidates("a" * 8, max_positions=8))) == 2**8 - 1


def test_case_variants_copy_case() -> None:
    assert case_variants("Kylld", "kyllä") == ["Kyllä"]
    assert case_variants("InfoFinlan", "infofinlän") == ["InfoFinlän", "Infofinlän"]
    assert case_variants("TyOssa", "työssä") == ["TyÖssä", "Työssä"]


def test_spell_results_are_cached() -> None:
    calls: list[str] = []

    def spell(word: str) -> bool:
        calls.append(word)
        return word in {"kyllä", "ei"}

    repair_ocr("kylld/ei " * 50, spell)
    assert len(calls) == len(set(calls))


def test_recognised_share_counts_words_not_numbers() -> None:
    spell = {"kyllä", "ei"}.__contains__
    assert recognised_share("kyllä ei 2022 2025", spell) == 1.0
    assert recognised_share("kyllä kylld yhteis6jen ei", spell) == 0.5
    assert recognised_share("", spell) == 0.0


def test_recognised_share_rises_on_an_excerpt_of_the_scan(
    voikko: libvoikko.Voikko, ocr_text: str
) -> None:
    excerpt = "\n".join(ocr_text.splitlines()[:80])
    before = recognised_share(excerpt, voikko.spell)
    after = recognised_share(repair_ocr(excerpt, voikko.spell), voikko.spell)
    assert before < 0.6
    assert after > 0.95


def test_repair_hardly_touches_clean_text(voikko: libvoikko.Voikko, clean_text: str) -> None:
    words = word_tokens(clean_text)
    repaired = word_tokens(repair_ocr(clean_text, voikko.spell))
    assert len(repaired) == len(words)
    assert sum(a != b for a, b in zip(words, repaired, strict=True)) <= len(words) // 200


def test_lemma_overlap_is_jaccard_of_lemma_sets() -> None:
    def lemmas(word: str) -> set[str]:
        return {word.lower().rstrip("n")}

    assert lemma_overlap("Helsingin kaupungin", "helsingi kaupungi", lemmas) == 1.0
    assert lemma_overlap("a b", "b c", lemmas) == pytest.approx(1 / 3)


def test_voikko_lemmas_give_base_forms(voikko: libvoikko.Voikko) -> None:
    lemmas = voikko_lemmas(voikko)
    assert "viestintä" in lemmas("viestintää")
    assert lemmas("xyzzy") == {"xyzzy"}


def test_ocr_report_shows_a_clear_gain(
    voikko: libvoikko.Voikko, ocr_text: str, clean_text: str
) -> None:
    report = ocr_report(ocr_text, clean_text, voikko)
    assert report["recognised_before"] < 0.7
    assert report["recognised_after"] > 0.95
    assert report["recognised_after"] >= report["recognised_clean"] - 0.01
    assert report["lemma_overlap_before"] < 0.5
    assert report["lemma_overlap_after"] > 0.85
