"""Tables as files: CSV (a folder, or a zip of the same files) and XLSX (a sheet per
table). Every cell that a spreadsheet would run as a formula is guarded
(:func:`.cells.guard`), in CSV and XLSX alike, and XLSX cells are written as text
(control characters as OOXML's ``_xHHHH_``, as Excel writes them).

CSV files are UTF-8 with a byte-order mark, so that Excel shows Korean text as it is,
with CRLF line ends (RFC 4180). A table set is named ``NAME`` by its files,
``NAME.<table>.csv``, as the seed reader expects.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from .cells import guard, ooxml_escape
from .export import Table


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows([guard(cell) for cell in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def file_names(name: str, tables: list[Table]) -> dict[str, Table]:
    return {f"{name}.{t.name}.csv": t for t in tables}


def write_csv_folder(folder: Path, name: str, tables: list[Table]) -> list[Path]:
    """One file per table in ``folder`` (made if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, table in file_names(name, tables).items():
        path = folder / file_name
        path.write_bytes(csv_bytes(table))
        written.append(path)
    return written


def csv_zip(name: str, tables: list[Table]) -> bytes:
    """The CSV files of a table set in one zip archive (the same bytes for the same graph)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for file_name, table in file_names(name, tables).items():
            # A fixed date: the same graph gives the same bytes.
            entry = zipfile.ZipInfo(file_name, date_time=(1980, 1, 1, 0, 0, 0))
            zf.writestr(entry, csv_bytes(table), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsx(tables: list[Table]) -> bytes:
    """One workbook, one sheet per table, every cell text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for table in tables:
        ws = wb.create_sheet(table.name)
        ws.append(table.header)
        for row in table.rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=ooxml_escape(guard(value)) if value else None)
                if value:
                    cell.data_type = "s"  # text, never a formula or a number
                cells.append(cell)
            ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
