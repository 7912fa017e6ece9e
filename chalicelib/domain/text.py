"""Display text: what reviewers and organisers read must look like what was stored.

Unicode categories refused in free text:
  Cc control (NUL, ESC, DEL, C1 controls…), Cf format (bidi overrides such as U+202E that
  make "\u202egpj.pdf" display as "fdp.jpg", zero-width spaces, the BOM), Cs surrogates,
  Co private use, Cn unassigned, Zl line separator, Zp paragraph separator.
Multi-line fields (descriptions, messages, notes) may keep line feeds and tabs; a CR LF
pair is read as a line feed (what a browser textarea may send), a lone CR is refused.
"""

from __future__ import annotations

import unicodedata

FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
MULTILINE_ALLOWED = frozenset("\n\t")


def forbidden_characters(value: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The distinct forbidden characters of `value` as `U+XXXX` names, in order of appearance."""
    found: list[str] = []
    for ch in value:
        if ch not in allowed and unicodedata.category(ch) in FORBIDDEN_CATEGORIES:
            name = f"U+{ord(ch):04X}"
            if name not in found:
                found.append(name)
    return found


def display_text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` is not acceptable display text, or None."""
    found = forbidden_characters(value, allowed=MULTILINE_ALLOWED if multiline else frozenset())
    if not found:
        return None
    shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
    kind = "control, invisible or line-separator characters other than line feeds and tabs" if multiline \
        else "control, invisible or line-break characters"
    return f"must not contain {kind} ({shown})"


def check_display_text(value: str, *, multiline: bool = False) -> str:
    """`value` unchanged (CR LF read as LF when multi-line), or ValueError naming the characters."""
    if multiline:
        value = value.replace("\r\n", "\n")
    problem = display_text_problem(value, multiline=multiline)
    if problem:
        raise ValueError(problem)
    return value


def clean_display_text(value: str, *, max_length: int | None = None) -> str:
    """For text we cannot refuse (another system's data, token claims): drop forbidden
    characters (line breaks become spaces) and cut overlong text with an ellipsis."""
    out = "".join(
        " " if ch in "\n\r\u2028\u2029\t" else ch
        for ch in value
        if ch in "\n\r\t" or unicodedata.category(ch) not in FORBIDDEN_CATEGORIES
    ).strip()
    if max_length is not None and len(out) > max_length:
        out = out[: max_length - 1].rstrip() + "…"
    return out
