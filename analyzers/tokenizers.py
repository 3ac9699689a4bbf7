"""Tokenizers: the words, codes and numbers of the city's documents.

>>> [t.text for t in FinnishTokenizer()("Toimenpide 4.10: S2-opetus, THL:n KV013 ja Job'd.")]
['Toimenpide', '4.10', 'S2-opetus', 'THL:n', 'KV013', 'ja', "Job'd"]
"""

from __future__ import annotations

import re

from whoosh.analysis import RegexTokenizer

# A measure number or a dotted date ("4.10", "13.02.2024"), or a word whose
# letters and digits may be joined by a hyphen, an apostrophe or a colon
# ("S2-opetus", "Job'd", "THL:n"). A hyphen at a word's end ("sosiaali- ja")
# is left out, and so is one before a conjunction whose space the PDF lost
# ("luku-ja kirjoitustaito" is "luku- ja kirjoitustaito").
WORD_PATTERN = r"\d+(?:\.\d+)+|\w+(?:['’:]\w+|-(?!(?:ja|tai|sekä)\b)\w+)*"
WORD = re.compile(WORD_PATTERN)  # the one definition of a word, for the index and for queries


class FinnishTokenizer(RegexTokenizer):
    """Splits text into words, codes and measure numbers, keeping their case."""

    def __init__(self) -> None:
        super().__init__(WORD_PATTERN)
