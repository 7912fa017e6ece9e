"""`make web-openapi`: write the app's own OpenAPI document to web/openapi.json.

The web app's typed client is generated from this file (`npm run gen:api`), so a renamed
or removed field in the API breaks the web build's type-check instead of the users.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "web" / "openapi.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    # The document does not depend on the stage; an explicit one keeps the import quiet
    # (with STAGE unset the app logs that it refuses every token, as it must in Lambda).
    os.environ.setdefault("STAGE", "local")
    import app  # noqa: F401 - registers every route in routing.ROUTES
    from chalicelib.api.openapi import openapi_document

    text = json.dumps(openapi_document(), indent=1, sort_keys=True) + "\n"
    if not args.out.exists() or args.out.read_text() != text:  # unchanged file keeps its mtime (make)
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
