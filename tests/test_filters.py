from analyzers.filters import CompoundFilter, FoldFilter, LemmaFilter
from analyzers.tokenizers import FinnishTokenizer


def texts(analyzer, text, mode="index"):
    return [t.text for t in analyzer(text, mode=mode, positions=True)]


def test_lemma_filter_keeps_surface_and_all_base_forms():
    ana = FinnishTokenizer() | LemmaFilter()
    assert texts(ana, "vanhemmat") == ["vanhemmat", "vanha", "vanhempi"]


def test_lemma_filter_without_surface():
    ana = FinnishTokenizer() | LemmaFilter(keep_surface=False)
    assert texts(ana, "työllisyyspalveluihin") == ["työllisyyspalvelu"]


def test_lemma_filter_hyphenated_and_abbreviations():
    ana = FinnishTokenizer() | LemmaFilter(keep_surface=False)
    assert texts(ana, "S2-opetuksen TYP-palveluun THL:n KV013 4.10") == [
        "s2-opetus", "typ-palvelu", "thl", "kv013", "4.10"]


def test_lemma_filter_restores_dots_at_query_time_only():
    ana = FinnishTokenizer() | LemmaFilter(keep_surface=False)
    assert texts(ana, "tyollisyyspalvelut", mode="query") == ["työllisyyspalvelu"]
    assert texts(ana, "tyollisyyspalvelut", mode="index") == ["tyollisyyspalvelut"]


def test_variants_share_the_words_position():
    ana = FinnishTokenizer() | LemmaFilter()
    assert [t.pos for t in ana("kotoutumisen palvelupolkua", positions=True)] == [0, 0, 1, 1]


def test_compound_filter_splits_at_index_time_only():
    ana = FinnishTokenizer() | LemmaFilter(keep_surface=False) | CompoundFilter()
    assert texts(ana, "työllisyyspalveluiden") == ["työllisyyspalvelu", "työllisyys", "palvelu"]
    assert texts(ana, "työllisyyspalveluiden", mode="query") == ["työllisyyspalvelu"]


def test_compound_filter_parts_only_and_hyphen_parts():
    ana = FinnishTokenizer() | LemmaFilter(keep_surface=False) | CompoundFilter(keep_compound=False)
    assert texts(ana, "S2-opetuksen kirjasto") == ["s2", "opetus"]


def test_fold_filter_drops_repeats_within_a_word():
    ana = FinnishTokenizer() | LemmaFilter() | FoldFilter()
    assert texts(ana, "Työväenopisto") == ["tyovaenopisto"]
    assert texts(ana, "työ työ") == ["tyo", "tyo"]
