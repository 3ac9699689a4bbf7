from corpus.ids import guidance_id, measure_id, service_id, slug, unit_id


def test_slug_folds_letters_and_keeps_numbers():
    assert slug("Läpileikkaavat teemat") == "lapileikkaavat-teemat"
    assert slug("Job'd 4.10.") == "jobd-4.10"


def test_measure_ids_follow_numbering():
    assert measure_id("p", "Työllisyys ja työvoima", "1.1", per_theme=True) == "p-tyollisyys-ja-tyovoima-1.1"
    assert measure_id("p", "Työllisyys ja työvoima", "1.1", per_theme=False) == "p-1.1"


def test_other_ids():
    assert unit_id("Työväenopisto") == "tyovaenopisto"
    assert service_id(63) == "service-63"
    assert guidance_id("doc", "Johtopäätökset") == "doc-johtopaatokset"
