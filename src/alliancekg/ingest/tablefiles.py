"""Reading table files into columns: CSV and TSV in the encodings spreadsheets write,
XLSX within bounds and without running a formula.

A file is named for its table, ``NAME.<table>.csv`` (``.tsv``, ``.xlsx``: the first
sheet), or it is a workbook ``NAME.xlsx`` with one sheet per table, named for it.
Rows are numbered as a spreadsheet shows them: the header is row 1. Rows with no
value at all are skipped (their numbers are kept); a row with a value under no
header is an error.

**Encodings.** UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
mark (Excel's "Unicode text"), and CP949 / EUC-KR (what Excel on Korean Windows
writes as "CSV"): a file that is not valid UTF-8 is read as CP949. Bytes that are
neither are an error naming the row they are in.

**Workbooks** are checked before they are opened: at most :data:`MAX_XLSX_BYTES` on
disk, :data:`MAX_ZIP_ENTRIES` entries, :data:`MAX_UNPACKED` bytes unpacked, and no
entry that unpacks to over :data:`MAX_RATIO` times its packed size (a zip bomb).
openpyxl then reads them in read-only mode, streaming, row by row: a sheet that
claims a million rows costs one pass over them, and only the header's columns are
read. A cell holding a formula is an error: a table holds values, and nothing here
evaluates a formula or trusts the value a formula last showed.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exc import Problem
from ..tables.cells import GUARD, ooxml_unescape, unguard

SUFFIXES = (".csv", ".tsv", ".xlsx")
MAX_XLSX_BYTES = 256 * 2**20
MAX_ZIP_ENTRIES = 1_000
MAX_UNPACKED = 1 * 2**30
MAX_RATIO = 200
MAX_COLUMNS = 256
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
MAX_CELL = 131_072  # characters in one cell (the csv module's field limit)


@dataclass
class Sheet:
    """One table read from a file: its header and its data as columns."""

    file: str  # the file as problems name it
    sheet: str | None  # the sheet's name, for a workbook
    table: str  # which table it is (organizations, memberships, ...)
    name: str  # NAME, the prefix that groups a set of tables
    header: list[str]
    columns: list[list[str]]  # one list per header cell, one string per data row
    rows: list[int]  # the spreadsheet row number of each data row

    def entry(self, row: int) -> str:
        """How problems name a row: ``memberships row 17``, ``sheet memberships row 17``."""
        return (
            f"sheet {self.sheet} row {row}" if self.sheet is not None else f"{self.table} row {row}"
        )

    def problem(self, message: str, row: int, column: str | None = None) -> Problem:
        return Problem(message, file=self.file, line=row, entry=self.entry(row), field=column)


def split_name(path: Path, tables: Iterable[str]) -> tuple[str, str | None]:
    """``NAME.table.csv`` → (NAME, table); ``NAME.xlsx`` → (NAME, None)."""
    stem = path.name[: -len(path.suffix)]
    name, dot, table = stem.rpartition(".")
    if dot and table in set(tables):
        return name, table
    return stem, None


# --------------------------------------------------------------------------- text files


def _place(text: str, delimiter: str) -> tuple[int, str | None]:
    """The spreadsheet row and the column that the end of ``text`` (a file's beginning)
    is in; the column by its header, when the header was read."""
    records = list(csv.reader(io.StringIO(text + "x", newline=""), delimiter=delimiter))
    if not records:
        return 1, None
    header, last = records[0], records[-1]
    column = (
        header[len(last) - 1].strip() if len(records) > 1 and len(last) <= len(header) else None
    )
    return len(records), column or None


class DecodeError(ValueError):
    """Bytes of a table file that no accepted encoding reads, and where they are."""

    def __init__(self, place: tuple[int, str | None], message: str) -> None:
        super().__init__(message)
        self.row, self.column = place


def decode(raw: bytes, delimiter: str) -> str:
    """The text of a table file; :class:`DecodeError` names the row of a bad byte."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return body.decode(encoding)
            except UnicodeDecodeError as e:
                place = _place(body[: e.start].decode(encoding, "replace"), delimiter)
                start = e.start + len(bom)
                raise DecodeError(
                    place,
                    f"the file starts as {encoding.upper()}, but byte 0x{raw[start]:02x} at "
                    f"offset {start} is not {encoding.upper()}; save it as UTF-8",
                ) from None
    failures: list[tuple[int, str]] = []
    for encoding in ("utf-8", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as e:
            failures.append((e.start, encoding))
    # The encoding that read further is the likelier one; its failure names the row.
    start, encoding = max(failures)
    raise DecodeError(
        _place(raw[:start].decode(encoding), delimiter),
        f"byte 0x{raw[start]:02x} at offset {start} is neither UTF-8 nor CP949 (EUC-KR); "
        "save the file as UTF-8",
    )


def _read_text(
    path: Path, display: str, table: str, name: str, problems: list[Problem]
) -> list[Sheet]:
    delimiter = "\t" if path.suffix == ".tsv" else ","
    try:
        raw = path.read_bytes()
    except OSError as e:
        problems.append(Problem(f"cannot read the file: {e.strerror}", file=display))
        return []
    try:
        text = decode(raw, delimiter)
    except DecodeError as e:
        problems.append(
            Problem(str(e), file=display, line=e.row, entry=f"{table} row {e.row}", field=e.column)
        )
        return []
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            records.append((len(records) + 1, record))
    except csv.Error as e:
        row = len(records) + 1
        problems.append(
            Problem(f"CSV syntax error: {e}", file=display, line=row, entry=f"{table} row {row}")
        )
        return []
    sheet = _sheet(display, None, table, name, iter(records), problems)
    if sheet is not None and GUARD in text:
        sheet.columns = [
            [unguard(c) if c[:1] == GUARD else c for c in col] for col in sheet.columns
        ]
    return [] if sheet is None else [sheet]


def _sheet(
    display: str,
    sheet_name: str | None,
    table: str,
    name: str,
    records: Iterator[tuple[int, list[str]]],
    problems: list[Problem],
) -> Sheet | None:
    """Header and columns from numbered records; None (with problems) if unusable."""
    where = f"sheet {sheet_name}" if sheet_name is not None else table
    for row, header in records:
        if any(h.strip() for h in header):
            header_row = row
            break
    else:
        problems.append(
            Problem("the table is empty: it needs a header row", file=display, entry=where)
        )
        return None
    header = [h.strip().lstrip("\ufeff") for h in header]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    sheet = Sheet(display, sheet_name, table, name, header, [], [])
    bad = len(problems)
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if h == "":
            problems.append(sheet.problem(f"column {i + 1} has no header", header_row))
        elif h in seen:
            problems.append(
                sheet.problem(
                    f"column '{h}' appears twice (columns {seen[h] + 1} and {i + 1})", header_row, h
                )
            )
        else:
            seen[h] = i
    if width > MAX_COLUMNS:
        problems.append(
            sheet.problem(f"the table has {width} columns; at most {MAX_COLUMNS}", header_row)
        )
    if len(problems) > bad:
        return None
    data: list[list[str]] = []
    for row, record in records:
        if len(record) != width:
            if len(record) > width:
                extra = next((j for j in range(width, len(record)) if record[j] != ""), None)
                if extra is not None:
                    problems.append(
                        sheet.problem(
                            f"a value in column {extra + 1}, which has no header: "
                            f"{record[extra][:40]!r}",
                            row,
                        )
                    )
                    continue
                record = record[:width]
            else:
                record = record + [""] * (width - len(record))
        if not any(record):
            continue
        data.append(record)
        sheet.rows.append(row)
    sheet.columns = [list(c) for c in zip(*data, strict=True)] if data else [[] for _ in header]
    return sheet


# --------------------------------------------------------------------------- workbooks


def check_workbook(path: Path) -> str | None:
    """Why a workbook may not be opened (size, entries, a zip bomb), or None."""
    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        return f"the workbook is {size:,} bytes; at most {MAX_XLSX_BYTES:,}"
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        return f"not an XLSX workbook (not a zip archive: {e})"
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"the workbook holds {len(infos):,} entries; at most {MAX_ZIP_ENTRIES:,}"
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED:
        return f"the workbook unpacks to {unpacked:,} bytes; at most {MAX_UNPACKED:,}"
    for i in infos:
        if i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            return (
                f"entry {i.filename} unpacks {i.file_size // max(i.compress_size, 1):,} times its "
                f"size (at most {MAX_RATIO}): a zip bomb?"
            )
    # zipfile never unpacks more than an entry declares: the checks above bound the work.
    return None


def _date_text(value: dt.datetime | dt.date, number_format: str) -> str:
    """A date cell at the precision its format shows: ``yyyy`` → 2024, ``mmm-yy`` →
    2024-06, anything with a day → 2024-06-15."""
    fmt = number_format.lower()
    day = value.isoformat()[:10]
    if "d" in fmt:
        return day
    if "m" in fmt:
        return day[:7]
    return day[:4]


def _cell_text(cell: Any) -> str | tuple[str]:
    """A cell's value as text, or a one-tuple holding why it cannot be read."""
    value = cell.value
    if value is None:
        return ""
    kind = cell.data_type
    if kind == "f" or not isinstance(value, str | int | float | bool | dt.date | dt.time):
        shown = str(value)[:60]
        return (f"holds a formula ({shown}); a table takes values: paste the column as values",)
    if kind == "e":
        return (f"holds the error value {value}",)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return _date_text(value, cell.number_format or "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return ooxml_unescape(value) if isinstance(value, str) else str(value)


def _workbook_records(
    ws: Any, width: int, sheet_label: str, display: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows as text, the header's columns only; a row with a cell that
    cannot be read (a formula, an error value) is reported and left out."""
    header: list[str] | None = None
    for row, cells in enumerate(ws.iter_rows(max_col=width, max_row=MAX_SHEET_ROWS), start=1):
        record: list[str] = []
        readable = True
        for j, cell in enumerate(cells):
            text = _cell_text(cell)
            if isinstance(text, tuple):
                column = header[j] if header is not None and j < len(header) else None
                problems.append(
                    Problem(
                        f"cell {getattr(cell, 'coordinate', '?')} {text[0]}",
                        file=display,
                        line=row,
                        entry=f"{sheet_label} row {row}",
                        field=column or None,
                    )
                )
                readable = False
                continue
            record.append(unguard(text) if text[:1] == GUARD else text)
        if header is None and any(record):
            header = [h.strip() for h in record]
        if readable:
            yield row, record


def _unreadable(e: BaseException) -> str:
    """Why a workbook cannot be read: the innermost cause (openpyxl wraps the XML
    parser's refusal of an entity, say, in a ValueError about the whole file)."""
    while e.__cause__ is not None or e.__context__ is not None:
        e = e.__cause__ or e.__context__  # type: ignore[assignment]
    return f"cannot read the workbook: {type(e).__name__}: {e}"[:300]


def _read_workbook(
    path: Path,
    display: str,
    table: str | None,
    name: str,
    tables: list[str],
    problems: list[Problem],
) -> list[Sheet]:
    why = check_workbook(path)
    if why is not None:
        problems.append(Problem(why, file=display))
        return []
    import openpyxl  # imported here: reading YAML alone does not pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            wb = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as e:  # openpyxl raises many kinds for a broken workbook
        problems.append(Problem(_unreadable(e), file=display))
        return []
    sheets: list[Sheet] = []
    try:
        chosen = wb.worksheets[:1] if table is not None else wb.worksheets
        for ws in chosen:
            which = table if table is not None else ws.title.strip().lower()
            label = f"sheet {ws.title}"
            header_cells = next(iter(ws.iter_rows(max_row=1, max_col=MAX_COLUMNS + 1)), ())
            header_text = [_cell_text(c) for c in header_cells]
            width = len(header_text)
            while width and header_text[width - 1] == "":
                width -= 1
            if which not in tables:
                if width:  # an empty sheet (Excel's default "Sheet2") is nothing
                    problems.append(
                        Problem(
                            f"sheet '{ws.title}' is not a table; name each sheet for its table: "
                            + ", ".join(tables),
                            file=display,
                            entry=label,
                        )
                    )
                continue
            if width == 0:
                continue
            records = _workbook_records(ws, min(width, MAX_COLUMNS + 1), label, display, problems)
            sheet = _sheet(display, ws.title, which, name, records, problems)
            if sheet is not None:
                sheets.append(sheet)
    except Exception as e:  # a broken sheet XML, mid-way
        problems.append(Problem(_unreadable(e), file=display))
        return []
    finally:
        wb.close()
    return sheets


def read_table_file(
    path: Path, display: str, tables: list[str], problems: list[Problem]
) -> list[Sheet]:
    """The tables of one file (several for a workbook with a sheet per table)."""
    name, table = split_name(path, tables)
    if path.suffix == ".xlsx":
        return _read_workbook(path, display, table, name, tables, problems)
    if table is None:
        problems.append(
            Problem(
                f"cannot tell which table {path.name} is: name it NAME.<table>{path.suffix}, "
                f"with a table of {', '.join(tables)}",
                file=display,
            )
        )
        return []
    return _read_text(path, display, table, name, problems)
