from analyzers.diacritics import candidates, fold, restore


def test_fold_keeps_case():
    assert fold("Työväenopisto ÅBO äö") == "Tyovaenopisto ABO ao"


def test_candidates_fewest_changes_first():
    assert list(candidates("taa")) == ["täa", "taä", "tää"]


def test_candidates_bounded():
    assert list(candidates("a" * 9, limit=8)) == []


def test_restore_keeps_case():
    words = {"Työväenopisto", "työväenopisto"}
    assert restore("Tyovaenopisto", words.__contains__) == "Työväenopisto"
    assert restore("tyovaenopisto", words.__contains__) == "työväenopisto"


def test_restore_none_when_nothing_fits():
    assert restore("kissa", lambda w: False) is None
