from search.lookup import get_record
from search.snippets import snippet


def test_inflected_forms_of_a_searched_base_form_are_marked():
    text = "Työllisyyspalvelut vahvistavat palvelupolkua. Työllisyyspalveluihin ohjataan."
    assert snippet(text, {"työllisyyspalvelu"}) == (
        "<mark>Työllisyyspalvelut</mark> vahvistavat palvelupolkua. "
        "<mark>Työllisyyspalveluihin</mark> ohjataan.")


def test_text_is_escaped_and_only_marks_are_html():
    html = snippet("<script>alert(1)</script> kirjasto & läksyapu", {"kirjasto"})
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>kirjasto</mark> &amp; läksyapu"


def test_a_long_text_shows_the_window_with_the_matches():
    text = "Alku. " + "sana " * 100 + "Kirjastot järjestävät läksyapua. " + "loppu " * 100
    html = snippet(text, {"kirjasto", "läksyapu"}, width=120)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>Kirjastot</mark>" in html and "<mark>läksyapua</mark>" in html
    assert len(html) < 200


def test_search_results_carry_snippets(tiny_engine):
    hit = tiny_engine.search("läksyapu")["results"][0]
    assert "<mark>läksyapua</mark>" in hit["snippet"]
    assert {"id", "type", "title", "snippet", "units", "source", "score"} <= set(hit)
    assert "text" not in hit, "the whole text only when asked for"
    whole = tiny_engine.search("läksyapu", fields=("text",))["results"][0]
    assert whole["text"] == get_record(tiny_engine, whole["id"])["text"]
    assert "Kirjastot järjestävät läksyapua." in whole["text"]
