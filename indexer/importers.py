"""Turning a raw document into draft corpus records for an editor to review.

Three shapes of document are recognised:

- a tab-separated measure table (goal, measure, follow-up, responsible), with
  theme headings between tables and rows that wrap onto the next line;
- a PDF extraction of a measure table, where measures start with their
  number ("9.3 Henkilöstölle järjestetään ..."): drafts carry the number and
  the measure's first paragraph, and the editor fills in the other columns;
- running text with headings: passages split at each heading.

Each parser returns the drafts and the lines it could not place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.duplicates import find_near_duplicates
from indexer.ocr import recognised_share, repair_ocr

SCAN_THRESHOLD = 0.9  # a clean Finnish text has over 95 % of its words recognised; the scan 59 %
MEASURE_START = re.compile(r"^\s*(\d{1,2}\.\d{1,2})\.?\s+(\S.*)$")
TABLE_HEADER = ("tavoitteet", "toimenpiteet")


@dataclass
class Draft:
    """What an import produced: records, and the lines it could not place."""

    shape: str
    records: list[dict] = field(default_factory=list)
    unparsed: list[tuple[int, str]] = field(default_factory=list)


def repair_if_scanned(text: str, spell: Callable[[str], bool]) -> tuple[str, list[str]]:
    """The text with OCR damage repaired when it reads like a scan, and a note saying so."""
    before = recognised_share(text, spell)
    if before >= SCAN_THRESHOLD:
        return text, []
    repaired = repair_ocr(text, spell)
    after = recognised_share(repaired, spell)
    return repaired, [f"reads like an OCR scan: {before:.0%} of words recognised, {after:.0%} after repair"]


def duplicate_of(text: str, document: str, known: dict[str, str]) -> tuple[str, float] | None:
    """The known document that `text` is a near-duplicate of, with the similarity, if any."""
    docs = {document: text, **{k: v for k, v in known.items() if k != document}}
    pairs = [(d, o, sim) for d, o, sim in find_near_duplicates(docs) if document in (d, o)]
    if not pairs:
        return None
    duplicate, original, similarity = pairs[0]
    return (original if duplicate == document else duplicate), similarity


def detect_shape(text: str) -> str:
    """'table', 'pdf-measures' or 'guidance', from how the lines look."""
    lines = [line for line in text.splitlines() if line.strip()]
    if sum("\t" in line for line in lines) > len(lines) / 3:
        return "table"
    if sum(bool(MEASURE_START.match(line)) for line in lines) >= 3:
        return "pdf-measures"
    return "guidance"


def import_document(text: str, document: str, programme: str) -> Draft:
    """Draft records from a document of any recognised shape."""
    shape = detect_shape(text)
    if shape == "table":
        return import_table(text, document, programme)
    if shape == "pdf-measures":
        return import_pdf_measures(text, document, programme)
    return import_guidance(text, document)


def import_table(text: str, document: str, programme: str) -> Draft:
    """Measures from a tab-separated table: one row a measure, themes between tables."""
    draft = Draft("table")
    theme, goal = "", ""
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [clean(c) for c in line.split("\t")]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if len(filled) == 1 and not line.startswith("\t") and not MEASURE_START.match(filled[0]):
            theme, goal = filled[0], ""
            continue
        if len(cells) < 4:
            draft.unparsed.append((number, line))
            continue
        if cells[0].lower().startswith(TABLE_HEADER[0]) and TABLE_HEADER[1] in cells[1].lower():
            continue
        goal = cells[0] or goal
        start = MEASURE_START.match(cells[1])
        if start:
            draft.records.append(_table_measure(cells, start, goal, theme, document, programme, number))
        elif draft.records:
            _continue_row(draft.records[-1], cells)
        else:
            draft.unparsed.append((number, line))
    return draft


def _table_measure(cells, start, goal, theme, document, programme, line) -> dict:
    return {
        "programme": programme,
        "theme": theme,
        "goal": goal,
        "number": start.group(1),
        "text": start.group(2),
        "indicators": [cells[2]] if cells[2] else [],
        "responsible": cells[3],
        "sources": [{"document": document, "line": line}],
    }


def _continue_row(record: dict, cells: list[str]) -> None:
    """A row that wrapped: its cells continue the previous measure's cells."""
    if cells[1]:
        record["text"] = f"{record['text']} {cells[1]}"
    if cells[2]:
        if record["indicators"]:
            record["indicators"][-1] = f"{record['indicators'][-1]} {cells[2]}"
        else:
            record["indicators"].append(cells[2])
    if cells[3]:
        record["responsible"] = f"{record['responsible']} {cells[3]}"


def import_pdf_measures(text: str, document: str, programme: str) -> Draft:
    """Numbered measures from a PDF extraction: number and first paragraph each.

    A number seen again (a summary table repeating the measures) adds nothing.
    """
    draft = Draft("pdf-measures")
    lines = text.splitlines()
    seen: set[str] = set()
    for i, line in enumerate(lines):
        start = MEASURE_START.match(line)
        if not start or start.group(1) in seen:
            continue
        seen.add(start.group(1))
        paragraph = [start.group(2)]
        for following in lines[i + 1 :]:
            if not following.strip() or MEASURE_START.match(following):
                break
            paragraph.append(following)
        draft.records.append({
            "programme": programme,
            "theme": "",
            "number": start.group(1),
            "text": clean("\n".join(paragraph)),
            "responsible": "",
            "sources": [{"document": document, "line": i + 1}],
        })
    draft.unparsed.append((0, "goals, indicators and responsible units: fill in from the table"))
    return draft


def import_guidance(text: str, document: str) -> Draft:
    """Passages split at headings: a short line without a final full stop, followed by text."""
    draft = Draft("guidance")
    heading, start, body = "", 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if is_heading(stripped) and body:
            _add_passage(draft, document, heading, start, body)
            heading, start, body = stripped, number, []
        elif is_heading(stripped):
            heading, start = stripped, number
        elif stripped:
            body.append(stripped)
    _add_passage(draft, document, heading, start, body)
    return draft


def is_heading(line: str) -> bool:
    """A short line that reads as a title rather than a sentence."""
    return (
        0 < len(line) <= 90
        and not line.endswith((".", ",", ":", ";"))
        and not re.search(r"@|\(a\)|puhelin|^\d|^§", line)
        and line[0].isupper()
        and len(line.split()) <= 12
    )


def _add_passage(draft: Draft, document: str, heading: str, line: int, body: list[str]) -> None:
    text = clean(" ".join(body))
    if heading and text:
        draft.records.append({"document": document, "heading": heading, "text": text, "line": line})
    elif text:
        draft.unparsed.append((line, text[:80]))


def clean(text: str) -> str:
    """Repairs extraction damage only: white space, and words split at a line break."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w+)", _join_hyphen, text)
    return re.sub(r"\s+", " ", text).strip()


def _join_hyphen(match: re.Match) -> str:
    """Keep a real hyphen before a capital, a digit or a conjunction; else join the word."""
    left, right = match.group(1), match.group(2)
    if right in ("ja", "tai", "sekä"):
        return f"{left}- {right}"
    return f"{left}-{right}" if right[0].isupper() or right[0].isdigit() else f"{left}{right}"
