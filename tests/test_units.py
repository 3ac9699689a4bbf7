from corpus.units import UnitResolver

RESOLVER = UnitResolver({
    "kanslia": ["Kaupunginkanslia", "Kaupunginkanslian"],
    "elinkeino": ["Kaupunginkanslian elinkeino-osasto", "Kaupunginkanslia, elinkeino-osasto"],
    "sote": ["Sosiaali- ja terveystoimiala", "Sosiaali- ja terveystoimi", "sosiaali- ja terveystoimialan"],
})


def test_longest_name_wins():
    assert RESOLVER.resolve("Kaupunginkanslian elinkeino-osasto") == ["elinkeino"]


def test_several_units_in_order():
    text = "Kaupunginkanslian elinkeino-osasto yhdessä sosiaali- ja terveystoimialan kanssa"
    assert RESOLVER.resolve(text) == ["elinkeino", "sote"]


def test_spelling_variants_resolve_to_one_unit():
    assert RESOLVER.resolve("Sosiaali- ja terveystoimi") == ["sote"]
    assert RESOLVER.resolve("Sosiaali- ja\n  terveystoimiala") == ["sote"]


def test_nothing_named():
    assert RESOLVER.resolve("Kaikki") == []
