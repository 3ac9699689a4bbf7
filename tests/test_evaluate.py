"""Quality cannot silently regress: the development queries against the bundled index."""

import pytest

from benchmarks.evaluate import (
    baseline_index,
    by_group,
    detection_accuracy,
    load_queries,
    outcome,
    run_baseline,
    run_engine,
    scores,
)

# The levels reached when this test was written; raise them when the engine improves.
SUCCESS_AT_3 = 0.97
GROUP_SUCCESS_AT_3 = 0.80
DETECTION_ACCURACY = 0.95


@pytest.fixture(scope="module")
def outcomes(bundled_engines):
    return run_engine(bundled_engines, load_queries())


@pytest.mark.slow
def test_dev_set_success_at_3(outcomes):
    assert scores(outcomes)["S@3"] >= SUCCESS_AT_3


@pytest.mark.slow
def test_every_language_group_succeeds(outcomes):
    groups = by_group(outcomes)
    english_and_swedish = [o for g in ("en", "sv") for o in groups[g]]
    others = [o for g, os in groups.items() if g not in ("all", "fi", "sv", "en") for o in os]
    for group in (groups["fi"], english_and_swedish, others):
        assert scores(group)["S@3"] >= GROUP_SUCCESS_AT_3, [o.query["id"] for o in group if
                                                             not o.rank or o.rank > 3]


@pytest.mark.slow
def test_language_detection_accuracy(outcomes):
    right, total = detection_accuracy(outcomes)["all"]
    assert right / total >= DETECTION_ACCURACY


@pytest.mark.slow
def test_the_engine_beats_the_baseline(bundled_engines, outcomes):
    queries = load_queries()
    baseline = run_baseline(baseline_index(bundled_engines), queries)
    assert scores(outcomes)["MRR@10"] > scores(baseline)["MRR@10"] + 0.2


def test_relevance_is_a_phrase_in_title_or_text():
    query = {"id": "x", "lang": "fi", "q": "x", "any": ["työllisyyspalvel"], "unit": "kanslia"}
    hits = [{"title": "Muu", "text": "ei", "units": []},
            {"title": "Työllisyyspalvelut", "text": "...", "units": [
                {"id": "u", "name": {"fi": "Kaupunginkanslia", "sv": "Stadskansliet", "en": "City"}}]}]
    result = outcome(query, hits)
    assert (result.rank, result.unit_ok) == (2, True)
    assert outcome(query, hits[:1]).rank is None
