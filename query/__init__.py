"""Query understanding: a query's text in, a backend-neutral query plan out.

Its language is detected (or given), its words and phrases translated to
Finnish index terms with the build's lexicon, Finnish compounds the index
lacks split into their parts, misspelt words corrected against the index's
vocabulary and the lexicon, and every term analysed as the index analyses
its fields (`query.plan`).
"""

from __future__ import annotations

from query.correct import Vocabulary, correct
from query.decompound import decompound
from query.lexicon import Lexicon
from query.plan import Plan, make_plan
from query.understand import understand


def plan_query(text: str, lexicon: Lexicon, vocabulary: Vocabulary, lang: str | None = None,
               prior: str = "fi") -> Plan:
    """The plan for a query typed in any supported language."""
    u = decompound(understand(text, lexicon, lang=lang, prior=prior), vocabulary)
    return make_plan(u, correct(u, vocabulary, lexicon, prior))
