from indexer.lexicon import compile_lexicon
from query.lexicon import Lexicon
from query.understand import MAX_CLAUSES, understand
from tests.test_lexicon import CONCEPTS, VOCABULARY

LEXICON = compile_lexicon(CONCEPTS, [], VOCABULARY, None)


def alternatives(u):
    return [(c.text, [fi for fi, _ in c.alternatives], c.translated) for c in u.clauses]


def test_finnish_words_are_searched_as_typed():
    u = understand("kotivanhempien kielikurssit", LEXICON)
    assert (u.language, u.language_source) == ("fi", "detected")
    assert alternatives(u) == [("kotivanhempien", ["kotivanhempien"], False),
                               ("kielikurssit", ["kielikurssit"], False)]


def test_a_phrase_becomes_one_finnish_term_and_function_words_go():
    u = understand("a language course for the library", LEXICON, lang="en")
    assert u.language_source == "given"
    assert alternatives(u) == [("language course", ["kielikurssi", "language course"], True),
                               ("library", ["kirjasto", "library"], True)], "and the words as typed, below"


def test_unknown_words_are_kept_as_typed_for_names():
    u = understand("Buddyschool library", LEXICON, lang="en")
    assert alternatives(u)[0] == ("Buddyschool", ["Buddyschool"], False)


def test_chinese_is_scanned_not_split():
    u = understand("图书馆语言课程", LEXICON)
    assert u.language == "zh"
    assert [c.alternatives[0][0] for c in u.clauses] == ["kirjasto", "kielikurssi"]


def test_stray_dictionary_senses_are_dropped():
    lexicon = Lexicon({"en": {"bank": [["pankki", 0.5, "freedict"], ["kassa", 0.35, "freedict"],
                                       ["ranta", 0.245, "freedict"]]}})
    kept = alternatives(understand("bank", lexicon, lang="en"))
    assert kept == [("bank", ["pankki", "kassa", "bank"], True)], "not ranta (a river bank)"


def test_a_query_that_repeats_itself_or_runs_on_costs_a_bounded_number_of_clauses():
    assert [c.text for c in understand("kirjasto Kirjasto kurssi kirjasto", LEXICON, lang="fi").clauses] == [
        "kirjasto", "kurssi"]
    long = " ".join(f"sana{i}" for i in range(100))
    assert len(understand(long, LEXICON, lang="fi").clauses) == MAX_CLAUSES
