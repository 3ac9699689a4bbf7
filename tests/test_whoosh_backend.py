"""The Whoosh backend scores a step's records exactly as the Whoosh query of the plan would.

Whoosh is asked for every hit (limit=None) and sorted here: whoosh-ng 5.4.0's top-N
collector can leave out a better-scoring record of an Or query (seen on the dev set).
"""

import pytest
from whoosh.query import And, Or

from benchmarks.evaluate import load_queries
from search.docs import docs
from search.whoosh import whoosh_query


def whoosh_ranking(backend, plan, docs, limit, strict):
    hits = backend.searcher.search(whoosh_query(plan, And if strict else Or), limit=None,
                                   filter={int(d) for d in docs})
    return sorted(((hit.docnum, hit.score) for hit in hits), key=lambda hit: (-hit[1], hit[0]))[:limit]


@pytest.mark.slow
def test_rank_gives_the_scores_of_the_whoosh_query(bundled_engine):
    compared = 0
    for query in load_queries():
        plan = bundled_engine.plan(query["q"], None, "fi")
        for tier in bundled_engine.tiers(plan, None):
            strict = tier.step in ("all", "corrected")
            ours = bundled_engine.backend.rank(tier.plan, tier.docs, 10, strict)
            theirs = whoosh_ranking(bundled_engine.backend, tier.plan, tier.docs, 10, strict)
            assert [round(s, 6) for _, s in ours] == [round(s, 6) for _, s in theirs], query["q"]
            assert {d for d, _ in ours} == {d for d, _ in theirs} or len({s for _, s in ours}) < len(ours)
            compared += 1
    assert compared >= len(load_queries())


def test_a_filtered_step_ranks_only_its_records(tiny_engine):
    plan = tiny_engine.plan("kirjasto", None, "fi")
    everything = tiny_engine.backend.rank(plan, tiny_engine.tiers(plan, None)[0].docs, 10, True)
    assert len(everything) == 2
    only = docs([everything[1][0]])
    assert tiny_engine.backend.rank(plan, only, 10, True) == [everything[1]]
