"""`python -m search_app`: serve with gunicorn on the configured host and port."""

import os
import sys

from indexer.settings import load_settings

settings = load_settings()
bind = f"{settings['host']}:{settings['port']}"
gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
os.execv(gunicorn, [gunicorn, "--bind", bind, "--workers", "2", "search_app:create_app()"])
