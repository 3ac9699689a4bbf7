"""`python -m search_app`: serve with gunicorn on the configured host and port."""

import os
import sys

from settings import load_settings


def main() -> None:
    settings = load_settings()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    bind = f"{settings['host']}:{settings['port']}"
    workers = str(settings["workers"])
    os.execv(gunicorn, [gunicorn, "--bind", bind, "--workers", workers, "search_app:create_app()"])


if __name__ == "__main__":
    main()
