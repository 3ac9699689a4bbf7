"""Contact details printed in the source documents, with where they are.

`document_contacts` finds phone numbers (after a label: "puh.", "puhelin:",
"tel."), e-mail addresses (also written "nimi(a)hel.fi") and web addresses,
each with its document and line. `attach` decides which belong to a unit, and
only where the document puts them together beyond doubt: the contact follows
the unit's name directly, with nothing between them but punctuation or a
channel's label ("Stadin osaamiskeskus, puh. 09 310 12345"), and no person is
named on the line. A person's contact is never a unit's.

>>> [c.value for c in document_contacts("Maija Mallikas, johtaja, puhelin: 09 310 1234\\n"
...                                     "maija.mallikas(a)hel.fi", "doc")]
['09 310 1234', 'maija.mallikas@hel.fi']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.mentions import MentionFinder

PHONE_LABEL = r"\b(?:puh(?:elin)?|p|tel|tfn|gsm|phone)\.?:?\s*"
PHONE = re.compile(PHONE_LABEL + r"((?:\+358[\s-]?|0)\d{1,3}(?:[\s-]?\d{2,5}){1,3})(?!\d)", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+(?:@|\(a\)|\[at\])[\w-]+(?:\.[\w-]+)+")
TLD = r"\.(?:fi|com|org|net|eu)"
URL = re.compile(r"(?:https?://|www\.)[^\s,;()<>\"]+|\b\w[\w-]*(?:\.[\w-]+)*" + TLD + r"(?![\w.@])",
                 re.IGNORECASE)
CASE_ENDING = re.compile(r"(" + TLD + r")-\w+$", re.IGNORECASE)  # "Finnishcourses.fi-sivustoa"
PERSON = re.compile(r"^\s*[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)? [A-ZÅÄÖ][a-zåäöéü-]+,")
# What may stand between a unit's name and its contact: punctuation and channel labels.
BETWEEN = re.compile(r"^(?:[\s,:;()\-–]|puh(?:elin)?\.?|p\.|tel\.?|tfn\.?|sähköposti|s-posti|e-?mail|"
                     r"verkkosivu(?:t|ille)?|kotisivu(?:t|ille)?)*$", re.IGNORECASE)


@dataclass(frozen=True)
class Contact:
    channel: str  # phone, email or url
    value: str  # as a unit's field would hold it (e-mail with "@")
    document: str
    line: int
    start: int  # offset in the line
    end: int
    context: str  # the line as printed
    person: str | None = None  # the person whose contact it is, when a line names one

    @property
    def source(self) -> str:
        return f"document {self.document}, line {self.line}"


def document_contacts(text: str, document: str) -> list[Contact]:
    """Every phone number, e-mail and web address in the text, in order, with its line."""
    found: list[Contact] = []
    person, since = None, 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            match = PERSON.match(line)
            person, since = (match.group(0).strip(" ,"), 0) if match else (person, since + 1)
        owner = person if since <= 2 else None  # a person's lines: theirs and the two after
        taken: list[tuple[int, int]] = []
        for channel, pattern in (("phone", PHONE), ("email", EMAIL), ("url", URL)):
            for match in pattern.finditer(line):
                start, end = match.span(match.lastindex or 0)
                if any(a < end and start < b for a, b in taken):
                    continue  # the domain of an e-mail address is no web address
                taken.append(match.span())
                value = _value(channel, match.group(match.lastindex or 0))
                found.append(Contact(channel, value, document, number, start, end, line.strip(), owner))
    return sorted(found, key=lambda c: (c.line, c.start))


Attached = tuple[Contact, str | None, str]  # the contact, its unit's id (or None), and why


def attach(contacts: list[Contact], text: str, finder: MentionFinder) -> list[Attached]:
    """Each contact with the unit it belongs to, where it clearly does.

    Other contacts may stand between the name and this one ("Unit, puh. 09 ..., www...").
    """
    lines = text.splitlines()
    on_line: dict[int, list[Contact]] = {}
    for contact in contacts:
        on_line.setdefault(contact.line, []).append(contact)
    out = []
    for contact in contacts:
        if contact.person:
            out.append((contact, None, f"a person's contact ({contact.person})"))
            continue
        line = list(lines[contact.line - 1])
        for other in on_line[contact.line]:
            if other is not contact:
                line[other.start:other.end] = " " * (other.end - other.start)
        line = "".join(line)
        before = [(uid, end) for _, end, uid in finder.spans(line) if end <= contact.start]
        unit = next((uid for uid, end in reversed(before) if BETWEEN.match(line[end:contact.start])), None)
        why = f"follows the name of {unit} directly" if unit else "no unit's name directly before it"
        out.append((contact, unit, why))
    return out


def _value(channel: str, printed: str) -> str:
    if channel == "email":
        return printed.replace("(a)", "@").replace("[at]", "@")
    if channel == "url":
        return CASE_ENDING.sub(r"\1", printed.rstrip("."))
    return " ".join(printed.split())
