"""What one table cell holds: lists, and text a spreadsheet must not run.

**Lists.** A cell of a multi-valued column holds its values separated by ``|``
(``SKT|SK Telecom Co., Ltd.``); a ``|`` or ``\\`` inside a value is written ``\\|`` or
``\\\\``. Empty values are dropped.

**Formula injection.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``
or ``@`` as a formula (and some treat a leading tab or carriage return the same way):
a name such as ``=HYPERLINK(...)`` in a CSV file would become a live link or worse
when an analyst opens the export. Every cell written to CSV or XLSX that starts with
one of these characters is prefixed with a single quote (OWASP's advice), which
spreadsheets show as text. Reading a table takes exactly that prefix off again: a
cell that starts with ``'`` followed by one of those characters is read without the
``'``; any other cell is read as it is. Ids and dates never start with them.
"""

from __future__ import annotations

import re

SEPARATOR = "|"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"

_SPLIT = re.compile(r"((?:\\.|[^|\\])*)(?:\||$)")
_UNESCAPE = re.compile(r"\\(.)")


def guard(text: str) -> str:
    """``text`` as a spreadsheet cell that shows it and never runs it."""
    return GUARD + text if text.startswith(FORMULA_STARTS) else text


def unguard(text: str) -> str:
    """The inverse of :func:`guard` on what it writes; other text unchanged."""
    if text.startswith(GUARD) and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def join_list(values: list[str]) -> str:
    """Values as one cell: ``a|b``, with ``|`` and ``\\`` inside a value escaped."""
    return SEPARATOR.join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def split_list(cell: str) -> list[str]:
    """The values of a list cell (the inverse of :func:`join_list`); empty ones dropped."""
    if "\\" not in cell:
        return [v for v in cell.split(SEPARATOR) if v]
    values = [_UNESCAPE.sub(r"\1", m.group(1)) for m in _SPLIT.finditer(cell)]
    return [v for v in values if v]


# OOXML writes a character XML cannot keep (a carriage return would come back as a line
# feed, other control characters are not allowed) as _xHHHH_, and a literal "_xHHHH_"
# as "_x005F_xHHHH_". Excel reads and writes text cells this way; so do the XLSX
# writer and reader here.
_OOXML_LITERAL = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_OOXML_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_escape(text: str) -> str:
    text = _OOXML_LITERAL.sub(r"_x005F_\1", text)
    return _OOXML_CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def ooxml_unescape(text: str) -> str:
    if "_x" not in text:
        return text
    return _OOXML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
