"""Loading and checking the whole corpus: records, their ids and their links."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corpus import ids
from corpus.schema import (
    CONTACT_CHANNELS,
    RECORD_NAMES,
    CorpusError,
    Document,
    Guidance,
    Indicator,
    Measure,
    Programme,
    Service,
    Unit,
    validate,
)
from corpus.units import UnitResolver
from corpus.yamlfile import read_list
from settings import default_path

DATA_DIR = default_path("corpus_dir")


@dataclass
class Corpus:
    """Every record by id, with measures' and indicators' units resolved."""

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    services: dict[int, Service] = field(default_factory=dict)
    guidance: dict[str, Guidance] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)  # record id -> unit ids
    origins: dict[tuple[type, object], tuple[Path, int | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # "file:line: message", not errors

    @property
    def sources(self) -> Path:
        """The folder of the raw documents the records were made from."""
        return self.root.parent / "sources"

    def files(self, pattern: str) -> list[Path]:
        return sorted(self.root.glob(pattern))


def load_corpus(root: Path = DATA_DIR) -> Corpus:
    """Read and validate every corpus file under `root`; the first error raises CorpusError."""
    corpus = Corpus(Path(root))
    _load(corpus, "documents.yaml", Document, corpus.documents, lambda d: d.id)
    _load(corpus, "programmes.yaml", Programme, corpus.programmes, lambda p: p.key)
    _load(corpus, "units/*.yaml", Unit, corpus.units, lambda u: ids.unit_id(u.name["fi"]))
    _load(corpus, "services.yaml", Service, corpus.services, lambda s: s.tree_id)
    _load(corpus, "measures/*.yaml", Measure, corpus.measures, lambda m: _measure_id(corpus, m))
    _load(corpus, "indicators/*.yaml", Indicator, corpus.indicators,
          lambda i: ids.indicator_id(i.programme, i.name))
    _load(corpus, "guidance/*.yaml", Guidance, corpus.guidance,
          lambda g: ids.guidance_id(g.document, g.heading), numbered=True)
    _check_links(corpus)
    return corpus


def _load(corpus: Corpus, pattern: str, cls: type, into: dict, key, numbered=False) -> None:
    """Validate each record of the matching files into `into`, keyed by its derived id.

    A repeated id is an error, unless `numbered`: then it gets "-2", "-3", ...
    """
    for path in corpus.files(pattern):
        for item in read_list(path):
            line = getattr(item, "line", None)
            record = validate(cls, item, path, line)
            record_id = first = key(record)
            for n in range(2, 1000 if numbered else 2):
                if record_id not in into:
                    break
                record_id = f"{first}-{n}"
            if record_id in into:
                raise CorpusError(path, line, f"a second {RECORD_NAMES[cls]} {record_id!r}")
            into[record_id] = record
            corpus.origins[(cls, record_id)] = (path, line)


def _measure_id(corpus: Corpus, measure: Measure) -> str:
    programme = corpus.programmes.get(measure.programme)
    if measure.kind == "highlight":
        return ids.highlight_id(measure.programme, measure.title or measure.text[:60])
    per_theme = programme is not None and programme.numbering == "per-theme"
    return ids.measure_id(measure.programme, measure.theme, measure.number or "", per_theme)


def _check_links(corpus: Corpus) -> None:
    """Programmes, documents, parents and responsible units must all exist."""
    resolver = UnitResolver(
        {uid: [*u.name.values(), *u.aliases] for uid, u in corpus.units.items()}
    )
    for uid, unit in corpus.units.items():
        if unit.parent and unit.parent not in corpus.units:
            _fail(corpus, Unit, uid, f"parent {unit.parent!r} is not a unit")
        _check_contact_source(corpus, uid, unit)
    for cls, records in ((Measure, corpus.measures), (Indicator, corpus.indicators)):
        for rid, record in records.items():
            if record.programme not in corpus.programmes:
                _fail(corpus, cls, rid, f"programme {record.programme!r} is not in programmes.yaml")
            for source in record.sources:
                if source.document not in corpus.documents:
                    _fail(corpus, cls, rid, f"document {source.document!r} is not in documents.yaml")
            linked = [*resolver.resolve(record.responsible), *record.units]
            for unit in record.units:
                if unit not in corpus.units:
                    _fail(corpus, cls, rid, f"unit {unit!r} is not a unit")
            if not linked:
                _fail(corpus, cls, rid, f"no unit is named in {record.responsible!r}; add an alias")
            corpus.links[rid] = list(dict.fromkeys(linked))
    for gid, passage in corpus.guidance.items():
        if passage.document not in corpus.documents:
            _fail(corpus, Guidance, gid, f"document {passage.document!r} is not in documents.yaml")


def _check_contact_source(corpus: Corpus, uid: str, unit: Unit) -> None:
    """`contact_source` is one text for every channel, or a text per channel the unit has.

    A channel with no source loads, with a warning, and is not published as a contact
    (see `indexer.records.contacts`); a source for a channel the unit lacks is an error.
    """
    channels, source = unit.channels(), unit.contact_source
    if source is not None and not channels:
        _fail(corpus, Unit, uid, "contact_source is given but the unit has no contact channel "
                                 f"({', '.join(CONTACT_CHANNELS)})")
    for name in source if isinstance(source, dict) else ():
        if name not in CONTACT_CHANNELS:
            _fail(corpus, Unit, uid, f"contact_source names {name!r}, which is not a contact channel "
                                     f"({', '.join(CONTACT_CHANNELS)})")
        if name not in channels:
            _fail(corpus, Unit, uid, f"contact_source names {name!r}, but the unit has no {name}")
    if unsourced := [c for c in channels if not unit.source_of(c)]:
        path, line = corpus.origins[(Unit, uid)]
        corpus.warnings.append(f"{path}:{line}: unit {uid!r}: no contact_source says where its "
                               f"{', '.join(unsourced)} comes from; not published until one does")


def _fail(corpus: Corpus, cls: type, record_id: object, message: str) -> None:
    path, line = corpus.origins[(cls, record_id)]
    raise CorpusError(path, line, message)
