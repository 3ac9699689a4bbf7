"""Settings, each declared once with its default and help; read from config.yaml.

In: config.yaml (or the file named by PALVELUHAKU_CONFIG) and PALVELUHAKU_<KEY>
environment variables. Out: one dict of checked values; the request limits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG_FILE = Path(os.environ.get("PALVELUHAKU_CONFIG") or PROJECT_DIR / "config.yaml")
ENVIRONMENT_PREFIX = "PALVELUHAKU_"

# Request limits: what one request may ask of the search.
MAX_QUERY_CHARS = 500
MAX_SUGGEST_CHARS = 100
MAX_LIMIT = 50
MAX_OFFSET = 1000
MAX_FILTER_CHARS = 300


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: object
    help: str
    choices: tuple = ()  # the values allowed, when only some are
    items: type = str  # the type of a list's items


SETTINGS = [
    Setting("index_dir", str, "var/index", "Folder of the search index (relative to config.yaml)."),
    Setting("corpus_dir", str, "corpus/data", "Folder of the corpus records (relative to config.yaml)."),
    Setting("lexicon_dir", str, "corpus/lexicon", "Folder of the curated concept lexicon (YAML)."),
    Setting("vector_cache_dir", str, "corpus/vectors", "Folder of the cached passage vectors (by "
            "content hash): a build embeds only the records not in it. Empty: build without vectors."),
    Setting("dictd_dir", str, "/usr/share/dictd",
            "Folder of the FreeDict dictionaries (Debian's dict-freedict-* packages)."),
    Setting("host", str, "127.0.0.1", "Address the web server listens on."),
    Setting("port", int, 8000, "Port the web server listens on."),
    Setting("workers", int, 2, "Web server worker processes (one per core is a good start)."),
    Setting("threads", int, 16, "Threads per worker: a health check or a quick search is answered while "
            "another thread works on a slow one."),
    Setting("timeout", int, 30, "Seconds a request may take before its worker is restarted."),
    Setting("semantic_share", float, 0.15, "The share of a worker's time the semantic fallback may "
            "take (about 9 ms a query); past it, relaxed searches are answered lexically."),
    Setting("allowed_hosts", list, ["127.0.0.1", "localhost"], "Host names the app answers to "
            "(another Host header is a 400; the host goes into the links of referrals). Empty: any."),
    Setting("public_url", str, "", "The address people reach the app at (https://palveluhaku.hel.fi), "
            "for the links and QR codes of referrals; the request's own host when empty."),
    Setting("proxies", int, 0, "How many reverse proxies stand in front (their X-Forwarded-* headers "
            "are trusted for the client's address, scheme and host); 0 when none."),
    Setting("rate_limit", str, "120/minute;2000/hour", "Requests one client address may make (Flask-Limiter "
            "syntax), per worker unless rate_limit_storage is shared; health checks are exempt."),
    Setting("rate_limit_storage", str, "memory://", "Where the limits are counted: memory:// (per worker) "
            "or a shared store such as memcached://host:11211 or redis://host:6379."),
    Setting("cors_origins", list, [],
            "Origins (https://www.hel.fi) whose pages may call the JSON API: the widget's hosts."),
    Setting("assets_dir", str, "node_modules", "Folder of the npm packages (hds-core) the pages use."),
    Setting("backend", str, "whoosh", "Where the index lives: whoosh (files in index_dir, no server) "
            "or postgresql (database_url).", choices=("whoosh", "postgresql")),
    Setting("database_url", str, "", "PostgreSQL the app reads from (on a replica node, its replica)."),
    Setting("write_database_url", str, "", "PostgreSQL the indexer writes to (the primary); "
            "database_url when empty."),
    Setting("advice", list, [], "Where a search without a good answer points people: each "
            "{record: ID} (a unit or service of the corpus, its names and web address from there) "
            "or {name: {fi, sv, en}, url: ...}.", items=dict),
]
PATH_SETTINGS = ("index_dir", "corpus_dir", "lexicon_dir", "vector_cache_dir", "dictd_dir", "assets_dir")


def default_path(name: str) -> Path:
    """A path setting's default, resolved against the project folder (the code's own default)."""
    return PROJECT_DIR / next(s.default for s in SETTINGS if s.name == name)


class SettingsError(ValueError):
    """A config file with an unknown key, a wrong type or bad YAML."""


def load_settings(path: Path = CONFIG_FILE, overrides: dict | None = None,
                  environ: dict | None = None) -> dict:
    """Every setting: its default, replaced by the file's value, by PALVELUHAKU_<KEY>, by `overrides`.

    An error names where the bad value came from: the file, or the environment variable.
    """
    values = {s.name: s.default for s in SETTINGS}
    sources = dict.fromkeys(values, "the default")
    environment = _from_environment(os.environ if environ is None else environ)
    for source, given in [(str(path), _read(path) if path and Path(path).exists() else {}),
                          *((ENVIRONMENT_PREFIX + n.upper(), {n: v}) for n, v in environment.items()),
                          ("the overrides", overrides or {})]:
        values.update(given)
        sources.update(dict.fromkeys(given, source))
    declared = {s.name: s for s in SETTINGS}
    for name, value in values.items():
        setting = declared.get(name)
        if setting is None:
            raise SettingsError(f"{sources[name]}: unknown setting {name!r} (known: {', '.join(declared)})")
        if setting.type is float and isinstance(value, int) and not isinstance(value, bool):
            values[name] = value = float(value)  # "1" in YAML is an int
        if not isinstance(value, setting.type) or isinstance(value, bool) or (
                setting.type is list and not all(isinstance(v, setting.items) for v in value)):
            raise SettingsError(f"{sources[name]}: setting {name!r} must be {setting.type.__name__}, "
                                f"not {type(value).__name__} ({value!r})")
        if setting.choices and value not in setting.choices:
            raise SettingsError(f"{sources[name]}: setting {name!r} must be one of "
                                f"{', '.join(setting.choices)}, not {value!r}")
    if not 0 <= values["semantic_share"] <= 1:
        raise SettingsError(f"{sources['semantic_share']}: setting 'semantic_share' must be from 0 to 1")
    if values["backend"] == "postgresql" and not values["database_url"]:
        raise SettingsError(f"{sources['backend']}: backend postgresql needs database_url")
    base = Path(path).resolve().parent if path else PROJECT_DIR
    for name in PATH_SETTINGS:
        values[name] = base / values[name] if values[name] or name != "vector_cache_dir" else None
    return values


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except yaml.YAMLError as error:
        raise SettingsError(f"{path}: not valid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: must be a mapping of setting names to values")
    return data


def _from_environment(environ) -> dict:
    """PALVELUHAKU_PORT=8001 -> {"port": 8001}; a value is read as YAML ("[a, b]" is a list)."""
    values = {}
    for setting in SETTINGS:
        raw = environ.get(ENVIRONMENT_PREFIX + setting.name.upper())
        if raw is None:
            continue
        try:
            values[setting.name] = raw if setting.type is str else yaml.safe_load(raw)
        except yaml.YAMLError:
            name = ENVIRONMENT_PREFIX + setting.name.upper()
            raise SettingsError(f"{name}: not valid YAML: {raw!r}") from None
    return values
