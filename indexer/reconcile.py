"""`python -m indexer import-units FILE`: the service register's units matched to ours.

Each register unit is matched to one of our units by its register id
(`tpr_id`), else by name: its Finnish, Swedish or English name against our
units' names and aliases, case and white space folded. Then:

- matched: a field we lack is filled in; a field whose value differs is a
  conflict, and ours is kept unless `update` (never the Finnish name: the unit's
  id derives from it). A contact channel keeps its source, or takes the
  register's with the register's value.
- new: a unit of its own, for `units/register-<tpr_id>.yaml`.
- conflicts besides differing fields: a name matching several of our units, a
  name matching a unit that is another register unit, a register id twice with
  different contents, a new unit whose id is taken.

`reconcile` only reports; `write_units` writes what it found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

from corpus import Corpus, CorpusError, ids, load_corpus
from corpus.schema import CONTACT_CHANNELS, Unit, validate
from corpus.units import normalise
from corpus.yamlfile import dump_records, replace_records
from indexer.register import collapse_sources, unit_from_register

# The fields compared and merged, in the order a written unit has them.
MERGED = ("name", "tpr_id", "parent", "description", "address", "phone", "email", "url",
          "opening_hours", "languages", "services")
ORDER = ("name", "tpr_id", "parent", "aliases", "description", "address", "phone", "email", "url",
         "opening_hours", "languages", "services", "contact_source")
UNORDERED = ("languages", "services")  # lists compared as sets


class RegisterError(ValueError):
    """Input that is not a list of register units; the message says what is wrong."""


@dataclass
class Report:
    """What became of each register unit; `as_json` is the `--json` output."""

    read: int = 0
    matched: list[dict] = field(default_factory=list)
    new: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    wrote: bool = False  # whether write_units ran
    changed: dict[str, dict] = field(default_factory=dict)  # our unit id -> the merged unit
    created: dict[str, dict] = field(default_factory=dict)  # new unit id -> the unit

    def as_json(self) -> dict:
        return {k: getattr(self, k) for k in ("read", "matched", "new", "conflicts", "duplicates",
                                              "written")}

    def summary(self, source: str) -> str:
        """The report for a person: counts, then every unit matched, new or in conflict."""
        by_id = sum(m["by"] == "tpr_id" for m in self.matched)
        lines = [f"{source}: {self.read} register units: {len(self.matched)} matched ({by_id} by "
                 f"register id, {len(self.matched) - by_id} by name), {len(self.new)} new, "
                 f"{len(self.conflicts)} conflicts, {len(self.duplicates)} repeated"]
        lines += _section("matched", [_matched_line(m) for m in self.matched])
        lines += _section("new", [f"{n['tpr_id']} {n['name']} -> {n['unit']} ({n['file']})"
                                  + "".join(f"; {note}" for note in n.get("notes", [])) for n in self.new])
        lines += _section("conflicts", [_conflict_lines(c) for c in self.conflicts])
        lines += _section("repeated", [f"{d['tpr_id']} {d['name']}: records {d['records'][0]} and "
                                       f"{d['records'][1]} are the same; the second is skipped"
                                       for d in self.duplicates])
        if self.written:
            lines.append(f"wrote {len(self.written)} files under corpus/data/: " + ", ".join(self.written))
        elif self.wrote:
            lines.append("nothing to write: no unit is new or changed")
        else:
            lines.append(f"nothing written: --write writes the {len(self.created)} new and "
                         f"{len(self.changed)} updated units into corpus/data/units/")
        return "\n".join(lines)


def _section(title: str, items: list[str]) -> list[str]:
    return [f"{title}:", *(f"  {item}" for item in items)] if items else []


def _matched_line(m: dict) -> str:
    line = f"{m['tpr_id']} {m['name']} = {m['unit']} (by {m['by']})"
    if m["added"]:
        line += "; adds " + ", ".join(m["added"])
    if m["updated"]:
        line += "; takes the register's " + ", ".join(m["updated"])
    if m["sourced"]:
        line += "; the register confirms (and becomes the source of) " + ", ".join(m["sourced"])
    return line if m["added"] or m["updated"] or m["sourced"] else line + "; nothing to add"


def _conflict_lines(c: dict) -> str:
    head = f"{c['tpr_id']} {c['name']}"
    if c["kind"] != "field":
        return f"{head}: {c['message']}"
    kept = "ours (--update takes the register's)" if c["kept"] == "ours" else "the register's"
    if c.get("message"):
        kept = f"ours ({c['message']})"
    return (f"{head} = {c['unit']}: {c['field']} differs\n      ours:     {_short(c['ours'])}\n"
            f"      register: {_short(c['theirs'])}\n      kept: {kept}")


def _short(value, limit: int = 110) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_register_units(path: Path) -> list[dict]:
    """The register units of a JSON file: an array of records, each with `id` and `name_fi`."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as error:
        raise RegisterError(f"{path} is not JSON ({error.msg} at line {error.lineno}, "
                            f"column {error.colno})") from None
    except UnicodeDecodeError as error:
        raise RegisterError(f"{path} is not UTF-8 text ({error.reason})") from None
    if not isinstance(data, list):
        raise RegisterError(f"{path} must hold a JSON array of unit records, not {type(data).__name__}")
    for number, record in enumerate(data, 1):
        where = f"{path}: record {number}"
        if not isinstance(record, dict):
            raise RegisterError(f"{where} is not an object but {type(record).__name__}")
        if not isinstance(record.get("id"), int) or isinstance(record["id"], bool):
            raise RegisterError(f"{where} has no register id ('id', a number)")
        if not isinstance(record.get("name_fi"), str) or not record["name_fi"].strip():
            raise RegisterError(f"{where} (id {record['id']}) has no Finnish name ('name_fi')")
    return data


def reconcile(corpus: Corpus, register_units: list[dict], update: bool = False) -> Report:
    """Match every register unit to ours; the report says what matched, what is new, what conflicts."""
    matcher = _Matcher(corpus)
    report = Report(read=len(register_units))
    seen: dict[int, tuple[int, dict]] = {}
    for number, raw in enumerate(register_units, 1):
        tpr_id, name = raw["id"], raw["name_fi"]
        about = {"tpr_id": tpr_id, "name": name}
        if tpr_id in seen:
            first, earlier = seen[tpr_id]
            if earlier == raw:
                report.duplicates.append(about | {"records": [first, number]})
            else:
                report.conflicts.append(about | {"kind": "duplicate id", "message": (
                    f"register id {tpr_id} is in records {first} and {number} with different "
                    "contents; the first is used")})
            continue
        seen[tpr_id] = (number, raw)
        theirs = _converted(corpus, raw, number)
        uid, by, problem = matcher.match(theirs)
        if problem:
            report.conflicts.append(about | problem)
        elif uid:
            _merge_into(report, corpus, uid, by, theirs, update, about)
        else:
            _add_new(report, corpus, matcher, theirs, about)
    return report


class _Matcher:
    """Our units by register id and by folded name; remembers what this import has claimed."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.claimed = {u.tpr_id: uid for uid, u in corpus.units.items() if u.tpr_id is not None}
        self.by_name: dict[str, dict[str, str]] = {}
        for uid, unit in corpus.units.items():
            for lang, name in unit.name.items():
                self.by_name.setdefault(normalise(name), {}).setdefault(uid, f"name.{lang}")
            for alias in unit.aliases:
                self.by_name.setdefault(normalise(alias), {}).setdefault(uid, "alias")
        self.new_ids: dict[str, int] = {}

    def match(self, theirs: dict) -> tuple[str | None, str | None, dict | None]:
        """(our unit id, matched by what, None), (None, None, None) for a new unit, or a conflict."""
        tpr_id = theirs["tpr_id"]
        if tpr_id in self.claimed:
            return self.claimed[tpr_id], "tpr_id", None
        hits: dict[str, str] = {}
        for name in theirs["name"].values():
            for uid, kind in self.by_name.get(normalise(name), {}).items():
                hits.setdefault(uid, kind)
        if len(hits) > 1:
            named = ", ".join(f"{uid} ({kind})" for uid, kind in hits.items())
            return None, None, {"kind": "ambiguous name", "units": list(hits),
                                "message": f"its name matches {len(hits)} of our units: {named}"}
        if not hits:
            return None, None, None
        uid, kind = next(iter(hits.items()))
        other = next((t for t, u in self.claimed.items() if u == uid), None)
        if other is not None:
            return None, None, {"kind": "register id", "unit": uid, "message": (
                f"its name matches our unit {uid} ({kind}), which is register unit {other}")}
        self.claimed[tpr_id] = uid
        return uid, kind, None


def _converted(corpus: Corpus, raw: dict, number: int) -> dict:
    """The register unit as one of our unit records (checked against the schema)."""
    theirs = unit_from_register(raw)
    try:
        validate(Unit, theirs, f"register record {number}", None)
    except CorpusError as error:
        raise RegisterError(f"{error} (register id {raw['id']})") from None
    return theirs


def _merge_into(report: Report, corpus: Corpus, uid: str, by: str, theirs: dict, update: bool,
                about: dict) -> None:
    unit = corpus.units[uid]
    ours = report.changed.get(uid) or as_record(unit)
    if theirs.get("parent") not in corpus.units:
        theirs.pop("parent", None)
    sources = {c: unit.source_of(c) for c in CONTACT_CHANNELS if unit.source_of(c)}
    their_sources = theirs.get("contact_source") or {}
    added, updated, confirmed = [], [], []
    for name, value in _fields(theirs):
        mine = _get(ours, name)
        if name == "parent" and value in _ancestors(corpus, mine):
            continue  # the register names the division; ours is a unit under it
        if _same(name, mine, value):
            if name in CONTACT_CHANNELS and name not in sources:
                sources[name] = _source(their_sources, name)  # the register confirms our value
                confirmed.append(name)
            continue
        if mine in (None, "", [], {}):
            added.append(name)
        else:
            keep = not update or name == "name.fi"
            conflict = {"kind": "field", "unit": uid, "field": name, "ours": mine, "theirs": value,
                        "kept": "ours" if keep else "register"}
            if update and name == "name.fi":
                conflict["message"] = "the unit's id derives from its Finnish name: rename it by hand"
            report.conflicts.append(about | conflict)
            if keep:
                continue
            updated.append(name)
        _set(ours, name, value)
        if name in CONTACT_CHANNELS:
            sources[name] = _source(their_sources, name)
    if sources:
        ours["contact_source"] = collapse_sources({c: sources[c] for c in CONTACT_CHANNELS if c in sources})
    path = corpus.origins[(Unit, uid)][0]
    report.matched.append(about | {"unit": uid, "by": by, "added": added, "updated": updated,
                                   "sourced": confirmed, "file": str(path.relative_to(corpus.root))})
    if ours != as_record(unit):
        report.changed[uid] = ours


def _add_new(report: Report, corpus: Corpus, matcher: _Matcher, theirs: dict, about: dict) -> None:
    uid = ids.unit_id(theirs["name"]["fi"])
    taken = "our unit" if uid in corpus.units else None
    if uid in matcher.new_ids:
        taken = f"register unit {matcher.new_ids[uid]}, new in this file,"
    file = f"units/register-{theirs['tpr_id']}.yaml"
    if (corpus.root / file).exists():
        report.conflicts.append(about | {"kind": "file taken", "unit": uid, "message": (
            f"{file} exists and holds another unit")})
        return
    if taken:
        report.conflicts.append(about | {"kind": "unit id taken", "unit": uid, "message": (
            f"its id {uid!r} is {taken} already (another name that gives the same id); "
            "give it an alias or a distinct name by hand")})
        return
    notes = []
    if "parent" in theirs and theirs["parent"] not in corpus.units:
        notes.append(f"its owner {theirs.pop('parent')!r} is not one of our units: no parent")
    matcher.new_ids[uid] = theirs["tpr_id"]
    report.created[uid] = _ordered(theirs)
    report.new.append(about | {"unit": uid, "file": file,
                               **({"notes": notes} if notes else {})})


def write_units(corpus: Corpus, report: Report) -> list[Path]:
    """Write the new and changed units; the corpus must load afterwards, else nothing is changed."""
    before: dict[Path, str | None] = {}
    in_place: dict[Path, dict[int, dict]] = {}
    for uid, record in report.changed.items():
        path, line = corpus.origins[(Unit, uid)]
        before[path] = path.read_text("utf-8")
        if _units_in(corpus, path) == [line]:
            path.write_text(dump_records([_ordered(record)]), "utf-8")
        else:
            in_place.setdefault(path, {})[line] = _ordered(record)
    for path, records in in_place.items():
        path.write_text(replace_records(path, _units_in(corpus, path), records), "utf-8")
    for record in report.created.values():
        path = corpus.root / "units" / f"register-{record['tpr_id']}.yaml"
        before[path] = path.read_text("utf-8") if path.exists() else None
        path.write_text(dump_records([record]), "utf-8")
    try:
        load_corpus(corpus.root)
    except CorpusError:
        for path, text in before.items():
            if text is None:
                path.unlink()
            else:
                path.write_text(text, "utf-8")
        raise
    report.written, report.wrote = [str(p.relative_to(corpus.root)) for p in before], True
    return list(before)


def as_record(unit: Unit) -> dict:
    """A unit as the YAML record an editor writes: the fields that differ from their defaults."""
    record = {}
    for f in fields(Unit):
        value = getattr(unit, f.name)
        if value not in (None, [], {}) or f.name == "aliases":
            record[f.name] = dict(value) if isinstance(value, dict) else value
    return _ordered(record)


def _ordered(record: dict) -> dict:
    """The fields in `ORDER` (any others after them), with `aliases` always there for an editor."""
    rank = {k: i for i, k in enumerate(ORDER)}
    ordered = {k: record[k] for k in sorted(record, key=lambda k: rank.get(k, len(ORDER)))}
    return ordered | {"aliases": record.get("aliases", [])}


def _ancestors(corpus: Corpus, uid: str | None) -> list[str]:
    found: list[str] = []
    while uid in corpus.units and uid not in found:
        found.append(uid)
        uid = corpus.units[uid].parent
    return found[1:]


def _units_in(corpus: Corpus, path: Path) -> list[int]:
    return sorted(line for (cls, _), (p, line) in corpus.origins.items() if cls is Unit and p == path)


def _fields(record: dict):
    """(field, value) pairs to compare; names per language (`name.sv`), the rest whole."""
    for name in MERGED:
        if name == "name":
            yield from ((f"name.{lang}", text) for lang, text in record["name"].items())
        elif record.get(name) not in (None, "", [], {}):
            yield name, record[name]


def _get(record: dict, name: str):
    head, _, lang = name.partition(".")
    return record.get(head, {}).get(lang) if lang else record.get(name)


def _set(record: dict, name: str, value) -> None:
    head, _, lang = name.partition(".")
    if lang:
        record.setdefault(head, {})[lang] = value
    else:
        record[name] = value


def _same(name: str, mine, theirs) -> bool:
    """Equal, white space folded (and lists of languages or services in any order)."""
    if name in UNORDERED and mine is not None:
        return set(mine) == set(theirs)
    return _folded(mine) == _folded(theirs)


def _folded(value):
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {k: _folded(v) for k, v in value.items()}
    return value


def _source(sources: str | dict, channel: str) -> str:
    return sources if isinstance(sources, str) else sources[channel]
