"""What free text may contain: no invisible direction or control characters, and not more than a limit.

Pure: used by the form fields, API serializers and the encrypted model field (``encryption.py``).
Right-to-left override and isolate characters make text read differently from how it is stored (a name,
a reference, a reason that looks harmless on screen); other control characters break exports and PDFs.
"""

from __future__ import annotations

import unicodedata

# Long enough for any reason or account a professional writes; a page of text is about 3,000 characters.
MAX_FREE_TEXT = 20_000

_DIRECTION_CONTROLS = frozenset(
    "\u200e\u200f\u061c"  # marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def forbidden_characters(text: str) -> list[str]:
    """The characters of ``text`` that free text may not hold, each once, as U+XXXX codes."""
    found = []
    for char in text:
        hidden = char in _DIRECTION_CONTROLS or (
            unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS
        )
        code = f"U+{ord(char):04X}"
        if hidden and code not in found:
            found.append(code)
    return found


def too_long(text: str, limit: int = MAX_FREE_TEXT) -> bool:
    return len(text) > limit
