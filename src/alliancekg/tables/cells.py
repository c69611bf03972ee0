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
