"""The conference's people directory: how a name or an address is matched.

Organisers are chosen by typing the start of a name or an e-mail address. Both are kept in
the directory's keys in one comparable form, and the typed text is put in the same form, so
"jose" finds "José" and "ADA@" finds "ada@example.org" with a `begins_with` on the key.
"""

from __future__ import annotations

import unicodedata

#: Shorter searches would match most of the conference.
MIN_QUERY_CHARS = 2
#: Each prefix search (name, e-mail) reads at most this many entries.
SEARCH_LIMIT = 20


def normalised(text: str) -> str:
    """Lower-case, accents stripped, inner whitespace collapsed: "  José  Ñúñez" -> "jose nunez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())
