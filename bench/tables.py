"""The table reader: a generated membership table (CSV, and the same rows as XLSX) read
into seed records, phase by phase. ``python -m bench.tables --sizes 100000``.

Phases: a. the file into columns (decoding, CSV or XLSX parsing); b. the columns into
records (every distinct value of a column checked once by the YAML rules); c. the web
pages of the rows' source_url; d. resolution of names and aliases and the merging of
rows that state one membership. a+b is "the table reader"; a+b+c+d is read_seeds on
the table set (validation's first two stages). rows/s counts membership rows, per
second of wall time and of this process's CPU time (steadier on a shared machine)."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import report, seed_dir, sizes_arg


def as_workbook(folder: Path) -> Path:
    """The memberships table as XLSX, written once (openpyxl, write-only)."""
    import csv

    from openpyxl import Workbook

    out = folder.parent / (folder.name + "-xlsx")
    path = out / "bench.memberships.xlsx"
    if not path.exists():
        out.mkdir(parents=True, exist_ok=True)
        for name in ("bench.organizations.csv", "bench.alliances.csv"):
            (out / name).write_bytes((folder / name).read_bytes())
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("memberships")
        with (folder / "bench.memberships.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                ws.append(row)
        wb.save(path)
    return out


def phases(folder: Path, memberships: int, kind: str) -> list[dict[str, Any]]:
    from alliancekg.exc import Problem
    from alliancekg.ingest.reader import read_seeds
    from alliancekg.ingest.resolve import resolve
    from alliancekg.ingest.sources import web_sources
    from alliancekg.ingest.tablefiles import read_table_file
    from alliancekg.ingest.tables import read_tables
    from alliancekg.ontology.model import model
    from alliancekg.tables.layout import table_names

    m = model()
    names = table_names(m)
    problems: list[Problem] = []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))
    clocks = (time.perf_counter, time.process_time)
    gc.collect()
    gc.disable()  # as read_seeds reads: the collector runs once, after
    t0 = [c() for c in clocks]
    sheets = [s for f in files for s in read_table_file(f, str(f), names, problems)]
    t1 = [c() for c in clocks]
    rows = read_tables(m, sheets, problems)
    t2 = [c() for c in clocks]
    records = rows.records + web_sources(m, rows.records, rows.row_sources, problems)
    t3 = [c() for c in clocks]
    resolve(m, records, problems, [])  # rows stating one fact are joined here
    t4 = [c() for c in clocks]
    gc.enable()
    assert not problems, problems[:3]
    t5 = [c() for c in clocks]
    read_seeds([folder], m)
    t6 = [c() for c in clocks]
    out = []
    for phase, (a, b) in (
        ("a. file into columns", (t0, t1)),
        ("b. columns into records", (t1, t2)),
        ("a+b: the table reader", (t0, t2)),
        ("c. web pages from source_url", (t2, t3)),
        ("d. resolve names, merge rows", (t3, t4)),
        ("read_seeds (a+b+c+d, one call)", (t5, t6)),
    ):
        wall, cpu = b[0] - a[0], b[1] - a[1]
        out.append(
            {
                "part": kind,
                "size": memberships,
                "phase": phase,
                "seconds": round(wall, 3),
                "cpu_seconds": round(cpu, 3),
                "rows_per_s": round(memberships / wall) if wall else None,
                "rows_per_cpu_s": round(memberships / cpu) if cpu else None,
            }
        )
    return out


def main(argv: list[str] | None = None) -> None:
    sizes = sizes_arg(argv if argv is not None else sys.argv[1:])
    rows: list[dict[str, Any]] = []
    for size in sizes:
        folder = seed_dir(size, tables=True)
        rows += phases(folder, size, "csv")
        rows += phases(as_workbook(folder), size, "xlsx")
    report("tables", rows)


if __name__ == "__main__":
    main()
