"""The Whoosh schema: which text goes to which field, analysed how, weighted how."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from analyzers.analyzers import ANALYSES

# Field -> weight at query time. Titles and names above body text, body above
# progress narratives; compound parts and dotless forms below exact lemmas.
WEIGHTS = {
    "title": 3.0,
    "names": 2.0,
    "body": 1.0,
    "progress": 0.5,
    "parts": 0.4,
    "folded": 0.3,
    "names_sv": 2.0,
    "names_en": 2.0,
}
FINNISH_FIELDS = ("title", "names", "body", "progress", "parts", "folded")
TEXT_FIELDS = ("body", "progress")  # the running text, whose words a query word's stem may begin
SCORED_FIELDS = (*FINNISH_FIELDS, "names_sv", "names_en")  # BM25F over these; the others match only
# BM25F's free parameters: titles and names are less normalised by length than text.
BM25 = {"K1": 1.2, "B": 0.5, "B_per_field": {"title": 0.3, "names": 0.3}}
# Field -> the analysis whose forms it holds (a query plan's Word has the same three).
FIELD_ANALYSIS = {"title": "forms", "names": "forms", "body": "forms", "progress": "forms",
                  "parts": "parts", "folded": "folded"}
# Facet name -> index field; a record may have several units.
FACETS = {"type": "type", "programme": "programme", "theme": "theme", "unit": "units"}


def build_schema() -> Schema:
    """A fresh schema; one analyzer object serves each field at index and query time.

    The body keeps word positions for the phrases of multi-word terms; the folded field
    keeps them because FoldFilter drops a repeated form per word position.
    """
    finnish = ANALYSES["finnish"]()
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        number=ID(stored=True),
        programme=ID(stored=True),
        theme=ID(stored=True),
        units=KEYWORD(stored=True, commas=True),
        mentions=KEYWORD(commas=True),  # units the text names besides the responsible ones ("Also named")
        title=TEXT(analyzer=finnish, phrase=False),
        names=TEXT(analyzer=finnish, phrase=False),
        body=TEXT(analyzer=finnish),
        progress=TEXT(analyzer=finnish, phrase=False),
        parts=TEXT(analyzer=ANALYSES["parts"](), phrase=False),
        folded=TEXT(analyzer=ANALYSES["folded"]()),
        names_sv=TEXT(analyzer=ANALYSES["sv"](), phrase=False),
        names_en=TEXT(analyzer=ANALYSES["en"](), phrase=False),
        payload=STORED(),
    )


def document_fields(record: dict) -> dict:
    """The values Whoosh indexes for one flattened record."""
    fields = record["fields"]
    finnish_text = " ".join(filter(None, [fields["title"], fields["names"], fields["body"]]))
    return {
        "id": record["id"],
        "type": record["type"],
        "number": record.get("number") or "",
        "programme": record.get("programme") or "",
        "theme": record.get("theme") or "",
        "units": ",".join(u["id"] for u in record["units"]),
        "mentions": ",".join(m["id"] for m in record.get("mentions", [])),
        "title": fields["title"],
        "names": fields["names"],
        "body": fields["body"],
        "progress": fields.get("progress", ""),
        "parts": finnish_text,
        "folded": finnish_text,
        "names_sv": fields.get("names_sv", ""),
        "names_en": fields.get("names_en", ""),
    }
