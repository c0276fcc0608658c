"""How names are normalised for search and duplicate detection."""

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2019`]")


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation to single spaces:
    'José  O'Brien-Smith' -> 'jose obrien smith'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub(" ", _APOSTROPHES.sub("", stripped.lower())).strip()
