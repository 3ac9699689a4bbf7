import gzip
from pathlib import Path

from indexer.freedict import B64, DICTD_DIR, entry_translations, read_dictionary

ENTRIES = [
    ("library", "library /ˈlaɪbɹi/ <n>\n1. kirjasto 2.\ncollection of books\n 3.\ninstitution\n"
                "2. äänilevystö, levystö\ncollection of records\n"),
    ("racism", "racism /ˈɹeɪsɪzm̩/ <n>\nrasismi\nracial prejudice or discrimination\n"),
    ("course", "course <n>\n1. reitti\nitinerary\n2. (tapahtumien) kulku, kurssi\nsequence\n"),
]


def _b64(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 64)
        digits = B64[digit] + digits
        if not number:
            return digits


def write_dictd(folder: Path, pair: str, entries) -> None:
    data, index = b"", []
    for headword, entry in entries:
        raw = entry.encode("utf-8")
        index.append(f"{headword}\t{_b64(len(data))}\t{_b64(len(raw))}")
        data += raw
    (folder / f"freedict-{pair}.dict.dz").write_bytes(gzip.compress(data))
    (folder / f"freedict-{pair}.index").write_text("\n".join(index) + "\n", "utf-8")


def test_reads_translations_sense_by_sense(tmp_path):
    write_dictd(tmp_path, "eng-fin", ENTRIES)
    entries = read_dictionary(tmp_path, "eng-fin")
    assert entries["library"] == ["kirjasto", "äänilevystö", "levystö"]
    assert entries["racism"] == ["rasismi"]
    assert entries["course"] == ["reitti", "kulku", "kurssi"], "parenthesised context is dropped"


def test_missing_dictionary_is_empty(tmp_path):
    assert read_dictionary(tmp_path, "eng-fin") == {}


def test_glosses_are_not_translations():
    assert "collection of books" not in entry_translations(ENTRIES[0][1])


def test_the_installed_english_finnish_dictionary():
    """Debian's dict-freedict-eng-fin, which `make install` installs."""
    entries = read_dictionary(DICTD_DIR, "eng-fin")
    assert len(entries) > 50_000
    assert "kirjasto" in entries["library"] and "oppisopimus" in entries["apprenticeship"]
