"""How names are compared and split: the same rules for reading seeds, for the search
index and for the searches themselves."""

from __future__ import annotations

import re
import unicodedata

# Latin letters or digits next to Hangul, and the middle dots that join Korean words.
_SCRIPT_BOUNDARY = re.compile(
    r"(?<=[A-Za-z0-9])(?=[\uac00-\ud7a3])|(?<=[\uac00-\ud7a3])(?=[A-Za-z0-9])"
)
_JOINERS = re.compile(r"[\u00b7\u30fb\uff65]")


def normalize_name(name: str) -> str:
    """How names and aliases are compared: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def split_scripts(text: str) -> str:
    """Put a space between Latin and Hangul runs and for middle dots ("SK텔레콤" → "SK 텔레콤",
    "클라우드·인프라" → "클라우드 인프라"); the index and the searches split the same way."""
    return _SCRIPT_BOUNDARY.sub(" ", _JOINERS.sub(" ", text))
