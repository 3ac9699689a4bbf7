import pytest

from analyzers.language import detect
from analyzers.languages import SUPPORTED
from query.understand import known_finnish


@pytest.mark.parametrize(("text", "language"), [
    ("курсы финского языка", "ru"),
    ("бібліотека і курси", "uk"),
    ("تعلم اللغة الفنلندية", "ar"),
    ("کلاس زبان فنلاندی", "fa"),
    ("芬兰语课程", "zh"),
])
def test_script_decides_among_few(text, language):
    assert detect(text).language == language


@pytest.mark.parametrize("text", ["työllisyyspalveluihin ohjaaminen", "tyovaenopisto",
                                  "kotivanhempien kielikurssit", "jalkautuva nuorisotyö"])
def test_words_finnish_morphology_knows_are_finnish(text):
    assert detect(text, prior="en", known=known_finnish).language == "fi"


@pytest.mark.parametrize(("text", "language"), [
    ("мені потрібна робота", "uk"),  # no Ukrainian-only letter: its function words tell
    ("що робити з житлом", "uk"),
    ("мне нужна работа", "ru"),
    ("объявления о работе", "ru"),  # ъ and ы are Russian only
])
def test_ukrainian_and_russian_are_told_apart_without_the_letters_they_share(text, language):
    assert detect(text).language == language


def test_function_words_outweigh_a_wrong_guess():
    assert detect("who is responsible for the model", known=known_finnish).language == "en"


def test_interface_language_decides_when_nothing_else_does():
    assert detect("Xyzzq", prior="sv").language == "sv"
    assert detect("Xyzzq", prior="en").language == "en"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "language"), [
    ("library", "en"), ("job", "en"), ("racism", "en"), ("bibliotek", "sv"),
    ("sysselsättning", "sv"), ("raamatukogu", "et"), ("dugsi", "so"), ("shaqo", "so"),
    ("biblioteca", "es"), ("bibliothèque", "fr"), ("kütüphane", "tr"),
])
def test_single_words_with_the_lexicon(bundled_engine, text, language):
    """langdetect alone calls 'library' Spanish and 'job' Slovenian."""
    lexicon = bundled_engine.lexicon
    found = detect(text, known=known_finnish, lexicon_languages=lexicon.languages_of)
    assert found.language == language, found.scores


def test_every_answer_is_a_supported_language():
    for text in ["", "123", "!!!", "🙂", "a" * 600, "NewCo Helsinki"]:
        assert detect(text).language in SUPPORTED
