"""Tests for indexer.duplicates on the five source documents."""

from collections.abc import Iterator
from pathlib import Path

import libvoikko
import pytest

from indexer.duplicates import (
    DEFAULT_THRESHOLD,
    cleanliness,
    find_near_duplicates,
    jaccard,
    normalise,
    shingles,
    similarity_matrix,
)

SOURCES = Path(__file__).parents[1] / "corpus" / "sources"
SCAN, CLEAN = "004_0409ad20bd2a48c2", "001_4dbe3307cfa3304b"
PROGRAMME, REPORT = "000_12e3fd32f571a72e", "002_c9899e1196bdeae5"


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return {path.stem: path.read_text("utf-8") for path in sorted(SOURCES.glob("0*.txt"))}


@pytest.fixture(scope="module")
def matrix(docs: dict[str, str]) -> dict[tuple[str, str], float]:
    return similarity_matrix(docs)


@pytest.fixture(scope="module")
def voikko() -> Iterator[libvoikko.Voikko]:
    handle = libvoikko.Voikko("fi")
    yield handle
    handle.terminate()


def test_all_five_documents_are_read(docs: dict[str, str]) -> None:
    assert len(docs) == 5


def test_normalise_folds_ocr_losses() -> None:
    assert normalise("Läpileikkaavat teemat") == normalise("Lapileikkaavat teemat")
    assert normalise("kyllä, yhteisöjen") == normalise("kylld, yhteis6jen")


def test_normalise_joins_hyphenated_line_breaks_and_drops_punctuation() -> None:
    assert normalise("Kaupungin vies-\ntintä\n\n(kyllä/ei).") == "kaupungin viestinta kylla ei"
    assert normalise("2016-\n2019, 9.6") == "2016 2019 9 6"


def test_shingles_are_word_runs() -> None:
    assert shingles("yksi kaksi kolme neljä") == {"yksi kaksi kolme", "kaksi kolme nelja"}
    assert shingles("yksi kaksi") == set()


def test_jaccard() -> None:
    assert jaccard({"a", "b"}, {"a", "b"}) == 1.0
    assert jaccard({"a"}, {"b"}) == 0.0
    assert jaccard(set(), set()) == 0.0


def test_scan_is_far_more_similar_to_its_clean_copy_than_any_other_pair(
    matrix: dict[tuple[str, str], float],
) -> None:
    copy = matrix[(CLEAN, SCAN)]
    others = [value for pair, value in matrix.items() if pair != (CLEAN, SCAN)]
    assert len(others) == 9
    assert copy > 10 * max(others)


def test_default_threshold_separates_copies_from_distinct_documents(
    matrix: dict[tuple[str, str], float],
) -> None:
    assert matrix[(CLEAN, SCAN)] >= DEFAULT_THRESHOLD
    assert matrix[(PROGRAMME, REPORT)] < DEFAULT_THRESHOLD
    assert all(v < DEFAULT_THRESHOLD for p, v in matrix.items() if p != (CLEAN, SCAN))


def test_shared_measures_are_not_flagged_even_at_a_low_threshold(docs: dict[str, str]) -> None:
    found = find_near_duplicates(docs, threshold=0.1)
    assert [(dup, orig) for dup, orig, _ in found] == [(SCAN, CLEAN)]


def test_finds_the_scan_as_duplicate_of_the_clean_text(docs: dict[str, str]) -> None:
    [(duplicate, original, similarity)] = find_near_duplicates(docs)
    assert (duplicate, original) == (SCAN, CLEAN)
    assert similarity > 0.5


def test_original_is_the_cleaner_text_not_the_first_id(
    docs: dict[str, str], voikko: libvoikko.Voikko
) -> None:
    renamed = {"a": docs[SCAN], "b": docs[CLEAN]}
    assert [p[:2] for p in find_near_duplicates(renamed)] == [("a", "b")]
    assert [p[:2] for p in find_near_duplicates(renamed, spell=voikko.spell)] == [("a", "b")]


def test_cleanliness_ranks_the_scan_lower(docs: dict[str, str], voikko: libvoikko.Voikko) -> None:
    assert cleanliness(docs[SCAN]) < cleanliness(docs[CLEAN])
    assert cleanliness(docs[SCAN], voikko.spell) < cleanliness(docs[CLEAN], voikko.spell)
