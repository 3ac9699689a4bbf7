"""The web front end: a search page and the JSON API over the search core."""

from __future__ import annotations

from flask import Flask

from indexer.settings import CONFIG_FILE, load_settings


def create_app(test_config: dict | None = None) -> Flask:
    """The Flask app; `test_config` overrides config.yaml's settings."""
    app = Flask(__name__)
    settings = load_settings(CONFIG_FILE, overrides=test_config)
    app.config["SEARCH"] = settings
    app.json.ensure_ascii = False
    from search_app import index, views

    index.init_app(app)
    app.register_blueprint(views.bp)
    return app
