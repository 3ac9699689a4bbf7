"""`python -m search_app`: serve with gunicorn on the configured host and port.

Threaded workers (`workers` × `threads`): a health check or a short search is answered while
another thread works on a slow one, and a request is cut off after `timeout` seconds. Put a
buffering reverse proxy in front in production (see README "In production"): gunicorn reads
each request itself, so a client that sends it slowly holds a thread until it is done.
The logs never hold a query: no access log unless asked for, and then without the query string;
malformed request lines are logged without their query (search_app.logs).
"""

import os
import sys

from settings import load_settings

LIMIT_REQUEST_LINE = 8190  # gunicorn's largest: a 500-character query in Chinese is about 4.5 kB encoded


def main() -> None:
    settings = load_settings()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execv(gunicorn, [
        gunicorn, "--bind", f"{settings['host']}:{settings['port']}",
        "--workers", str(settings["workers"]), "--worker-class", "gthread",
        "--threads", str(settings["threads"]),
        "--timeout", str(settings["timeout"]), "--graceful-timeout", "10", "--keep-alive", "5",
        "--limit-request-line", str(LIMIT_REQUEST_LINE), "--logger-class", "search_app.logs.RedactingLogger",
        "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
        "search_app:create_app()"])


if __name__ == "__main__":
    main()
