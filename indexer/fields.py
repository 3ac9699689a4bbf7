"""The Whoosh schema: which text goes to which field, analysed how, weighted how."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from analyzers.analyzers import (
    FinnishAnalyzer,
    FinnishCompoundAnalyzer,
    FoldedFinnishAnalyzer,
    analyzer_for,
)

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


def build_schema() -> Schema:
    """A fresh schema; one analyzer object serves each field at index and query time."""
    finnish = FinnishAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        number=ID(stored=True),
        programme=ID(stored=True),
        theme=ID(stored=True),
        units=KEYWORD(stored=True, commas=True),
        title=TEXT(analyzer=finnish, stored=True),
        names=TEXT(analyzer=finnish),
        body=TEXT(analyzer=finnish),
        progress=TEXT(analyzer=finnish),
        parts=TEXT(analyzer=FinnishCompoundAnalyzer()),
        folded=TEXT(analyzer=FoldedFinnishAnalyzer()),
        names_sv=TEXT(analyzer=analyzer_for("sv")),
        names_en=TEXT(analyzer=analyzer_for("en")),
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
        "title": fields["title"],
        "names": fields["names"],
        "body": fields["body"],
        "progress": fields.get("progress", ""),
        "parts": finnish_text,
        "folded": finnish_text,
        "names_sv": fields.get("names_sv", ""),
        "names_en": fields.get("names_en", ""),
    }
