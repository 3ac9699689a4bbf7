import pytest

from analyzers.tokenizers import FinnishTokenizer


@pytest.mark.parametrize(("text", "tokens"), [
    ("Toimenpide 4.10 ja 9.3", ["Toimenpide", "4.10", "ja", "9.3"]),
    ("S2-opetuksen TYP-palveluun", ["S2-opetuksen", "TYP-palveluun"]),
    ("THL:n ja KV013", ["THL:n", "ja", "KV013"]),
    ("Job'd-toimintamallin", ["Job'd-toimintamallin"]),
    ("sosiaali- ja terveystoimiala", ["sosiaali", "ja", "terveystoimiala"]),
    ("luku-ja kirjoitustaidon", ["luku", "ja", "kirjoitustaidon"]),
    ("Ja-sana ja-ja", ["Ja-sana", "ja", "ja"]),
    ("(kyllä/ei)", ["kyllä", "ei"]),
])
def test_tokens(text, tokens):
    assert [t.text for t in FinnishTokenizer()(text)] == tokens


def test_positions_and_characters():
    tokens = [(t.pos, t.startchar, t.endchar) for t in
              FinnishTokenizer()("Työ ja 4.10", positions=True, chars=True)]
    assert tokens == [(0, 0, 3), (1, 4, 6), (2, 7, 11)]
