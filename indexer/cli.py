"""The indexer's command line: build, export, search and the importers.

    python -m indexer check
    python -m indexer build
    python -m indexer sync
    python -m indexer export > records.jsonl
    python -m indexer search "työllisyyspalvelut"
    python -m indexer import-document PATH --programme KEY > draft.yaml
    python -m indexer import-services ontology_tree.json > corpus/data/services.yaml
    python -m indexer import-unit unit-41102.json > corpus/data/units/register-41102.yaml
    python -m indexer import-units units.json [--json] [--write [--update]]
    python -m indexer import-contacts corpus/sources/*.txt
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analyzers.languages import SUPPORTED
from analyzers.voikko import MorphologyUnavailable, finnish
from corpus import CorpusError, load_corpus
from corpus.lexicon import load_lexicon
from corpus.mentions import MentionFinder
from corpus.yamlfile import dump_records
from indexer import reconcile, register
from indexer.build import build
from indexer.contacts import attach, document_contacts
from indexer.importers import duplicate_of, import_document, repair_if_scanned
from indexer.postings import DamagedPosting
from indexer.store import BuildRefused, IndexUnavailable, build_lock
from search import engine_for
from settings import CONFIG_FILE, SettingsError, load_settings


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        return args.run(args, settings) or 0
    except (CorpusError, SettingsError, IndexUnavailable, MorphologyUnavailable, DamagedPosting,
            BuildRefused) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="settings file")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    cmd = commands.add_parser("build", help="validate the corpus and build the index")
    cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    cmd.add_argument("--no-vectors", action="store_true",
                     help="no passage vectors (no semantic fallback): for a large new corpus, whose "
                          "vectors take long to compute (about 13 records/s on one core)")
    cmd.add_argument("--allow-shrink", action="store_true",
                     help="swap the build in even when it has far fewer records than the one in use "
                          "(fewer than 90 %% of them, or of one type): for records removed on purpose")
    cmd.set_defaults(run=_build)
    cmd = commands.add_parser("sync", help="postgresql: apply the changed, added and removed records only")
    cmd.set_defaults(run=_sync)
    cmd = commands.add_parser("check", help="validate the corpus without building")
    cmd.set_defaults(run=_check)
    cmd = commands.add_parser("export", help="every indexed record as JSON lines")
    cmd.set_defaults(run=_export)
    cmd = commands.add_parser("search", help="search the index and print the results")
    cmd.add_argument("query")
    cmd.add_argument("--limit", type=int, default=10)
    cmd.add_argument("--lang", choices=SUPPORTED, help="the query's language (default: detected)")
    cmd.add_argument("--json", action="store_true", help="print the whole response as JSON")
    cmd.set_defaults(run=_search)
    cmd = commands.add_parser("import-document", help="draft records from a raw document")
    cmd.add_argument("path", type=Path)
    cmd.add_argument("--programme", default="", help="programme key for measures")
    cmd.set_defaults(run=_import_document)
    cmd = commands.add_parser("import-services", help="service records from the service tree JSON")
    cmd.add_argument("path", type=Path)
    cmd.set_defaults(run=_import_services)
    cmd = commands.add_parser("import-unit", help="a unit record from a service-register unit JSON")
    cmd.add_argument("path", type=Path)
    cmd.set_defaults(run=_import_unit)
    cmd = commands.add_parser("import-units", help="match service-register units (a JSON array) to "
                              "ours: what matches, what is new, what conflicts")
    cmd.add_argument("path", type=Path)
    cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    cmd.add_argument("--write", action="store_true",
                     help="write the new and updated units into corpus/data/units/")
    cmd.add_argument("--update", action="store_true",
                     help="where a field differs, take the register's value (default: keep ours)")
    cmd.set_defaults(run=_import_units)
    cmd = commands.add_parser("import-contacts", help="the phone numbers, e-mails and web addresses "
                              "of documents, with their lines, and the unit each clearly belongs to")
    cmd.add_argument("paths", type=Path, nargs="+")
    cmd.add_argument("--json", action="store_true", help="one JSON object per contact")
    cmd.set_defaults(run=_import_contacts)
    return parser


def _build(args, settings) -> int:
    with build_lock(settings["index_dir"]):  # the load into the database too
        info = build(settings["corpus_dir"], settings["index_dir"], progress=not args.quiet,
                     lexicon_dir=settings["lexicon_dir"], dictd_dir=settings["dictd_dir"],
                     vector_cache=None if args.no_vectors else settings["vector_cache_dir"],
                     allow_shrink=args.allow_shrink)
        if settings["backend"] == "postgresql":
            from indexer.pgstore import load_build

            url = settings["write_database_url"] or settings["database_url"]
            info["database_version"] = load_build(settings["index_dir"], url)
    warnings = info.pop("warnings", [])
    print(json.dumps(info, ensure_ascii=False, indent=1))
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _sync(args, settings) -> int:
    if settings["backend"] != "postgresql":
        print("error: sync applies changes to a PostgreSQL index (backend: postgresql); "
              "with Whoosh, run 'python -m indexer build'", file=sys.stderr)
        return 2
    from indexer.build import corpus_records
    from indexer.pgstore import sync_records

    url = settings["write_database_url"] or settings["database_url"]
    print(json.dumps(sync_records(corpus_records(settings["corpus_dir"]), url, settings["vector_cache_dir"])))
    return 0


def _check(args, settings) -> int:
    corpus = load_corpus(settings["corpus_dir"])
    counts = {"measures": len(corpus.measures), "indicators": len(corpus.indicators),
              "units": len(corpus.units), "services": len(corpus.services),
              "guidance": len(corpus.guidance),
              "lexicon concepts": len(load_lexicon(settings["lexicon_dir"]))}
    print("corpus is valid: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    for warning in corpus.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _export(args, settings) -> int:
    for record in engine_for(settings).backend.every_record():
        print(json.dumps(record, ensure_ascii=False))
    return 0


def _search(args, settings) -> int:
    response = engine_for(settings).search(args.query, limit=args.limit, lang=args.lang)
    if args.json:
        print(json.dumps(response, ensure_ascii=False, indent=1))
        return 0
    query = response["query"]
    print(f"{response['total']} results ({response['took_ms']} ms); language: {query['language']}; "
          f"terms: {', '.join(query['terms'])}"
          + (f"; searched instead: {query['corrected']}" if query["corrected"] else ""))
    for hit in response["results"]:
        units = "; ".join(u["name"]["fi"] for u in hit["units"])
        print(f"{hit['score']:7.2f}  {hit['type']:9} {hit['id']}\n           {hit['title'][:100]}"
              + (f"\n           → {units}" if units else ""))
    return 0


def _import_document(args, settings) -> int:
    text, notes = repair_if_scanned(args.path.read_text("utf-8"), finnish().spell)
    sources = settings["corpus_dir"].parent / "sources"
    known = {p.stem: p.read_text("utf-8") for p in sorted(sources.glob("*.txt"))}
    copy = duplicate_of(text, args.path.stem, known)
    if copy:
        _dump([])
        print(f"# {args.path}: a near-duplicate of {copy[0]} (similarity {copy[1]:.2f}); its content "
              "is in the corpus already: no drafts", file=sys.stderr)
        return 0
    draft = import_document(text, args.path.stem, args.programme)
    _dump(draft.records)
    print(f"# {args.path}: {draft.shape}, {len(draft.records)} draft records", file=sys.stderr)
    for note in notes:
        print(f"# {note}", file=sys.stderr)
    for line, text in draft.unparsed:
        print(f"# not parsed, line {line}: {text[:100]}", file=sys.stderr)
    return 0


def _import_services(args, settings) -> int:
    _dump(register.services_from_tree(json.loads(args.path.read_text("utf-8"))))
    return 0


def _import_unit(args, settings) -> int:
    _dump([register.unit_from_register(json.loads(args.path.read_text("utf-8")))])
    return 0


def _import_units(args, settings) -> int:
    try:
        units = reconcile.read_register_units(args.path)
        corpus = load_corpus(settings["corpus_dir"])
        report = reconcile.reconcile(corpus, units, update=args.update)
    except reconcile.RegisterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.write:
        reconcile.write_units(corpus, report)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    else:
        print(report.summary(str(args.path)))
    return 0


def _import_contacts(args, settings) -> int:
    corpus = load_corpus(settings["corpus_dir"])
    finder = MentionFinder({uid: [*u.name.values(), *u.aliases] for uid, u in corpus.units.items()})
    for path in args.paths:
        text = path.read_text("utf-8")
        for contact, unit, why in attach(document_contacts(text, path.stem), text, finder):
            if args.json:
                print(json.dumps({"channel": contact.channel, "value": contact.value, "unit": unit,
                                  "source": contact.source, "why": why, "person": contact.person,
                                  "context": contact.context}, ensure_ascii=False))
            else:
                to = f"-> {unit} (contact_source: {contact.source!r})" if unit else "not attached"
                print(f"{contact.source}: {contact.channel} {contact.value}: {to}; {why}")
    return 0


def _dump(records: list[dict]) -> None:
    dump_records(records, sys.stdout)
