"""Find documents that are copies of each other, whatever their file names.

An OCR scan and the clean text of the same document differ in ä/ö, in
hyphenated line breaks and in where the table columns fall. Normalisation
folds those differences away; word 3-shingles then keep the word order, so
two documents that share vocabulary, or even a few paragraphs (the measures
9.1-9.9 stated in one programme and reported on in another), stay far apart.

Similarity is Jaccard, not containment: containment of a short document in
a long one that quotes it is high (about 0.5 for those measures), Jaccard
is not, while an OCR copy has both sets about the same size.
"""

import re
from itertools import combinations

from indexer.ocr import Spell, recognised_share

#: Default similarity above which two documents count as copies. The OCR
#: copy in the corpus scores about 0.77, distinct documents below 0.05.
DEFAULT_THRESHOLD = 0.3

#: Folds OCR confusions onto one letter in every text alike: ä is lost to
#: a or read as d, ö is lost to o or read as é, or as 6 inside a word.
_FOLD = str.maketrans("äöåéd", "aoaoa")
_SIX_IN_WORD = re.compile(r"(?<=[^\W\d_])6|6(?=[^\W\d_])")
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\r?\n\s*(?=[^\W\d_])")
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Lowercase, join hyphenated line breaks, fold OCR confusions, and keep
    only words separated by single spaces.

    >>> normalise("Kaupungin vies-\\ntintä (kyllä/ei), yhteis6jen 2016")
    'kaupungin viestinta kylla ei yhteisojen 2016'
    """
    joined = _HYPHEN_BREAK.sub("", text).lower().translate(_FOLD)
    joined = _SIX_IN_WORD.sub("o", joined)
    return " ".join(_WORD.findall(joined))


def shingles(text: str, size: int = 3) -> set[str]:
    """The set of size-word runs of the normalised text.

    >>> sorted(shingles("Tämä on yksi testi", size=3))
    ['on yksi testi', 'tama on yksi']
    """
    words = normalise(text).split()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """|a & b| / |a | b|; 0.0 for two empty sets.

    >>> jaccard({"x", "y"}, {"y", "z"})
    0.3333333333333333
    """
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def similarity_matrix(docs: dict[str, str], size: int = 3) -> dict[tuple[str, str], float]:
    """Jaccard similarity of the shingle sets of every pair of documents.

    Keys are (id_a, id_b) with id_a < id_b.
    """
    sets = {doc_id: shingles(text, size) for doc_id, text in docs.items()}
    return {(a, b): jaccard(sets[a], sets[b]) for a, b in combinations(sorted(sets), 2)}


def hyphen_break_share(text: str) -> float:
    """Share of lines that end in a word hyphenated onto the next line.

    >>> hyphen_break_share("vies-\\ntinta on\\nselkeää")
    0.3333333333333333
    """
    lines = text.count("\n") + 1
    return len(_HYPHEN_BREAK.findall(text)) / lines


def cleanliness(text: str, spell: Spell | None = None) -> float:
    """How clean a text looks, higher is cleaner: the recognised share of
    its words when a spell function is given, else 1 - hyphen_break_share.
    """
    if spell is not None:
        return recognised_share(text, spell)
    return 1.0 - hyphen_break_share(text)


def find_near_duplicates(
    docs: dict[str, str],
    threshold: float = DEFAULT_THRESHOLD,
    spell: Spell | None = None,
) -> list[tuple[str, str, float]]:
    """Pairs of near-duplicate documents, most similar first.

    Each pair is (duplicate_id, original_id, similarity); the original is
    the cleaner text (see cleanliness), the longer one on a tie.

    >>> docs = {"a": "yksi kaksi kolme neljä", "b": "yksi kaksi kolme nelja", "c": "muu"}
    >>> find_near_duplicates(docs, spell={"yksi", "kaksi", "kolme", "neljä"}.__contains__)
    [('b', 'a', 1.0)]
    """
    found = []
    for (a, b), similarity in similarity_matrix(docs).items():
        if similarity < threshold:
            continue
        rank = {d: (cleanliness(docs[d], spell), len(docs[d])) for d in (a, b)}
        original, duplicate = sorted((a, b), key=rank.__getitem__, reverse=True)
        found.append((duplicate, original, similarity))
    return sorted(found, key=lambda pair: -pair[2])
