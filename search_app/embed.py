"""The widget for other sites: /embed/widget.js (Shadow DOM) and the /embed iframe page."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("embed", __name__)
