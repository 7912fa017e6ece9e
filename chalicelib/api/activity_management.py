"""Routes for this area (filled in by its issue)."""

from __future__ import annotations

from chalice import Blueprint

bp = Blueprint(__name__)
