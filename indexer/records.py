"""Flattening the corpus into the records the index stores and `export` prints.

Every record has the same outer shape, whatever its type:
`{id, type, title, text, units: [{id, name: {fi, sv, en}}], source: {document,
section, number}, ...}` plus the fields of its type, and `fields`: the text of
each index field. A record whose text names other units than its responsible
ones has `mentions: [{id, name}]`; a unit has `contacts: [{channel, value,
source}]` (only the channels whose source the corpus states), `languages`,
`parent` and `services` (the service records it provides); a service has
`path` (its place in the tree, root first) and `providers` (unit ids).
"""

from __future__ import annotations

from collections.abc import Iterator

from analyzers.languages import CITY_LANGUAGES
from corpus import Corpus, ids
from corpus.mentions import MentionFinder
from corpus.schema import Measure, Source, Unit

LANGUAGES = CITY_LANGUAGES
# A unit's contact fields and the channel each is in a record's `contacts`.
CHANNEL_NAMES = {"phone": "phone", "email": "email", "address": "address", "url": "url",
                 "opening_hours": "hours"}


def index_records(corpus: Corpus, also_in: dict[str, list[str]] | None = None) -> Iterator[dict]:
    """Every record of the corpus, flattened; `also_in` maps a document to its near-duplicates."""
    also_in = also_in or {}
    finder = MentionFinder({uid: [*u.name.values(), *u.aliases] for uid, u in corpus.units.items()})
    providers = _providers(corpus)
    for rid, measure in corpus.measures.items():
        yield _mentioning(corpus, finder, _measure(corpus, rid, measure, also_in), [
            measure.goal, measure.text, *measure.indicators, measure.report, measure.progress])
    for rid, indicator in corpus.indicators.items():
        record = _record(corpus, rid, "indicator", indicator.name, [
            indicator.name, indicator.responsible, indicator.data_source or ""],
            _sources(indicator.sources, also_in), programme=indicator.programme,
            responsible=indicator.responsible, data_source=indicator.data_source)
        yield _mentioning(corpus, finder, record, [indicator.name, indicator.data_source])
    for uid, unit in corpus.units.items():
        yield _mentioning(corpus, finder, _unit(corpus, uid, unit), [unit.description.get("fi")])
    for tree_id, service in corpus.services.items():
        yield _mentioning(corpus, finder, _service(corpus, tree_id, service, providers.get(tree_id, [])), [])
    for gid, passage in corpus.guidance.items():
        source = Source(passage.document, passage.line, passage.heading)
        record = _record(corpus, gid, "guidance", passage.heading, [passage.text],
                         _sources([source], also_in), document_title=_title(corpus, passage.document))
        yield _mentioning(corpus, finder, record, [passage.heading, passage.text])


def _measure(corpus: Corpus, rid: str, m: Measure, also_in: dict) -> dict:
    title = f"{m.number} {m.title or _first_sentence(m.text)}" if m.number else m.title or m.text
    body = [m.goal or "", m.text, *m.indicators, m.responsible]
    record = _record(
        corpus, rid, "measure", title, body, _sources(m.sources, also_in),
        programme=m.programme, theme=m.theme, package=m.package, number=m.number, kind=m.kind,
        goal=m.goal, measure=m.text, indicators=m.indicators, responsible=m.responsible,
        report=m.report, progress=m.progress,
    )
    record["fields"]["progress"] = " ".join(filter(None, [m.report, m.progress]))
    record["text"] = " ".join(filter(None, [record["text"], m.report, m.progress]))
    return record


def _unit(corpus: Corpus, uid: str, unit: Unit) -> dict:
    parent = corpus.units.get(unit.parent) if unit.parent else None
    body = [*unit.aliases, unit.description.get("fi", "")]
    record = _record(
        corpus, uid, "unit", unit.name["fi"], body, [], name=unit.name, parent=unit.parent,
        parent_name=parent.name if parent else None, url=unit.url, tpr_id=unit.tpr_id,
        description=unit.description, address=unit.address, phone=unit.phone,
        email=unit.email, opening_hours=unit.opening_hours,
    )
    record.update(  # present even when empty or null
        parent=unit.parent, contacts=contacts(unit),
        languages=unit.languages if unit.source_of("languages") else [],
        services=[ids.service_id(s) for s in dict.fromkeys(unit.services) if s in corpus.services],
    )
    record["units"] = [{"id": uid, "name": _names(unit)}]
    _add_names(record, unit.name, unit.description)
    return record


def contacts(unit: Unit) -> list[dict]:
    """The unit's contact channels whose source the corpus states, each with that source.

    >>> contacts(Unit(name={"fi": "A"}, phone="09 310 1", url="https://a.fi",
    ...               contact_source={"phone": "document d, line 3", "url": "register"}))
    [{'channel': 'phone', 'value': '09 310 1', 'source': 'document d, line 3'}, \
{'channel': 'url', 'value': 'https://a.fi', 'source': 'register'}]
    """
    return [
        {"channel": channel, "value": getattr(unit, field), "source": unit.source_of(field)}
        for field, channel in CHANNEL_NAMES.items() if unit.source_of(field)
    ]


def _service(corpus: Corpus, tree_id: int, service, providers: list[str]) -> dict:
    path = _service_path(corpus, tree_id)
    record = _record(
        corpus, ids.service_id(tree_id), "service", service.name["fi"],
        [service.searchwords.get("fi", ""), " / ".join(p["fi"] for p in path)], [],
        name=service.name, tree_id=tree_id, path=path,
        parent=ids.service_id(service.parent) if service.parent else None,
    )
    record["providers"] = providers
    _add_names(record, service.name, service.searchwords)
    return record


def _providers(corpus: Corpus) -> dict[int, list[str]]:
    """Service tree id -> the ids of the units that provide it (the register's `ontologytree_ids`)."""
    providers: dict[int, list[str]] = {}
    for uid, unit in corpus.units.items():
        for tree_id in dict.fromkeys(unit.services):
            providers.setdefault(tree_id, []).append(uid)
    return providers


def _mentioning(corpus: Corpus, finder: MentionFinder, record: dict, texts: list[str | None]) -> dict:
    """Adds `mentions`: the units the texts name that are neither responsible nor the record itself."""
    responsible = {u["id"] for u in record["units"]} | {record["id"]}
    named = [uid for text in texts if text for uid in finder.find(text) if uid not in responsible]
    record["mentions"] = [{"id": uid, "name": _names(corpus.units[uid])} for uid in dict.fromkeys(named)]
    return record


def _record(corpus: Corpus, rid: str, record_type: str, title: str, body: list[str],
            sources: list[dict], **extra) -> dict:
    text = " ".join(part for part in [title, *body] if part)
    units = [{"id": u, "name": _names(corpus.units[u])} for u in corpus.links.get(rid, [])]
    first = sources[0] if sources else {}
    section = extra.get("theme") or first.get("section")
    return {
        "id": rid,
        "type": record_type,
        "title": title,
        "text": text,
        "units": units,
        "source": {"document": first.get("document"), "section": section, "number": extra.get("number")},
        "sources": sources,
        **{k: v for k, v in extra.items() if v not in (None, [], {})},
        "fields": {"title": title, "body": " ".join(filter(None, body)),
                   "names": " ".join(u["name"]["fi"] for u in units)},
    }


def _add_names(record: dict, names: dict, extra: dict) -> None:
    """Swedish and English names (and search words) go to their languages' fields."""
    for lang in ("sv", "en"):
        record["fields"][f"names_{lang}"] = " ".join(filter(None, [names.get(lang), extra.get(lang)]))


def _names(unit: Unit) -> dict[str, str]:
    """A unit's name in fi, sv and en (Finnish where the city gives no other)."""
    return {lang: unit.name.get(lang) or unit.name["fi"] for lang in LANGUAGES}


def _sources(sources: list[Source], also_in: dict[str, list[str]]) -> list[dict]:
    """Provenance, with each near-duplicate document of a source added after it."""
    out = []
    for s in sources:
        out.append({k: v for k, v in vars(s).items() if v is not None})
        out += [{"document": d, "line": None, "duplicate_of": s.document} for d in also_in.get(
            s.document, [])]
    return out


def _service_path(corpus: Corpus, tree_id: int) -> list[dict]:
    """The names of a service's ancestors, root first, the service itself last."""
    path, seen = [], set()
    node = corpus.services.get(tree_id)
    while node is not None and node.tree_id not in seen:
        seen.add(node.tree_id)
        path.append({"id": ids.service_id(node.tree_id), **node.name})
        node = corpus.services.get(node.parent) if node.parent else None
    return path[::-1]


def _title(corpus: Corpus, document: str) -> str:
    return corpus.documents[document].title


def _first_sentence(text: str, limit: int = 140) -> str:
    sentence = text.split(". ")[0].rstrip(".")
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
