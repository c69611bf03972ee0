"""Tables as seed files: the rows of CSV, TSV and XLSX tables become the same records a
YAML file gives, so that resolution, the RDF graph, SHACL and everything after them
are shared.

Each column is checked as a whole: every distinct value of a column is checked once,
by the same rules as a YAML field (:func:`.values.check_value`), and every row holding
a bad value gets its own problem, named by file, row and column. What a row says of
its source by address (``source_url``) is handed to :mod:`.sources`; rows of
organisations, alliances and persons that name no source take the table set's own
curation source; rows of facts must name one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib.namespace import XSD

from ..exc import Problem
from ..ontology import dates
from ..ontology.ids import ID_PATTERN, ID_RULE
from ..ontology.model import Cls, Model, Prop
from ..ontology.vocab import AKG
from ..tables.cells import split_list
from ..tables.layout import Column, Extra, column, known_columns, table_class
from .records import Record
from .tablefiles import Sheet
from .values import check_value

# Columns a table must have besides `id` (entities), `kind` (where kinds exist) and the
# two ends of a relationship; a name column is any `name_<lang>`.
REQUIRED: dict[str, tuple[str, ...]] = {
    "organizations": ("name",),
    "alliances": ("name", "status"),
    "persons": ("name",),
    "memberships": ("role", "status"),
}
_NO_LINES: dict[str, int] = {}  # table records are located by their row, not per field
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LATIN = re.compile(r"^[\u0000-\u024f\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]*$")


@dataclass
class RowSource:
    """A row's source by address: the page it was read from."""

    record: Record
    sheet: Sheet
    row: int
    url: str
    titles: list[tuple[str, str]] = field(default_factory=list)  # (text, language)
    published: str | None = None


@dataclass
class TableRows:
    """What the tables give: their records, and the sources their rows name by address."""

    records: list[Record] = field(default_factory=list)
    row_sources: list[RowSource] = field(default_factory=list)


def title_language(text: str) -> str | None:
    """The language of a ``source_title`` without a tag: Korean when it holds Hangul,
    English when it is all Latin letters; otherwise None (the curator must say)."""
    if _HANGUL.search(text):
        return "ko"
    return "en" if _LATIN.match(text) else None


def curation_id(name: str) -> str:
    """The id of a table set's own curation source: ``table.<NAME>`` as an id."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", unicodedata.normalize("NFC", name).lower()).strip("-.")
    return "table." + (slug or "unnamed")


def _raw(prop: Prop, lang: str | None, cell: str) -> Any:
    """A cell as the value YAML would have given for the field."""
    if lang is not None:
        return {lang: split_list(cell) if prop.multi else cell}
    if prop.multi:
        return split_list(cell)
    if prop.range == XSD.boolean:
        return {"true": True, "false": False}.get(cell.lower(), cell)
    if prop.range == XSD.integer and re.fullmatch(r"-?\d+", cell):
        return int(cell)
    return cell


def _check(m: Model, scratch: Record, col: Column, cell: str) -> tuple[Any, list[str]]:
    """A cell checked by the YAML rules of its field: the value and the problems' texts."""
    assert col.prop is not None
    found: list[Problem] = []
    value = check_value(m, scratch, col.prop, _raw(col.prop, col.lang, cell), found)
    return value, [p.message for p in found]


def _key(col: Column) -> str:
    return col.prop.key if col.prop is not None else col.name


def _columns(
    m: Model, sheet: Sheet, base: Cls, problems: list[Problem]
) -> tuple[list[Column | None], set[str]] | None:
    """The header's columns (None for an unknown one) and the names of those every row
    must fill; problems for unknown and missing columns; None when rows cannot be read."""
    cols: list[Column | None] = []
    for name in sheet.header:
        col = column(m, base, name)
        if col is None:
            problems.append(
                sheet.problem(
                    f"unknown column '{name}' for {sheet.table}; known columns: "
                    + ", ".join(known_columns(m, base)),
                    1,
                    name,
                )
            )
        cols.append(col)  # None: an unknown column, reported and not read
    have = {_key(c) for c in cols if c is not None}
    needed: list[str] = []
    if not base.is_relationship:
        needed.append(Extra.id)
    if m.kinds(base):
        needed.append(Extra.kind)
    keys = {p.iri: p.key for p in base.props.values()}
    if base.rel_from is not None and base.rel_to is not None:
        needed += [keys[base.rel_from], keys[base.rel_to]]
    needed += REQUIRED.get(sheet.table, ())
    for name in needed:
        if name not in have:
            shown = f"{name}_ko or {name}_en" if name == "name" else name
            problems.append(sheet.problem(f"missing required column '{shown}'", 1, name))
    if base.fact and not have & {"sources", Extra.source_url}:
        problems.append(
            sheet.problem(
                f"missing required column 'source_url': every {sheet.table} row needs its "
                "source (or a column 'sources' with ids of declared sources)",
                1,
                Extra.source_url,
            )
        )
    # Rows cannot be entries without their id or kind; a missing field is missing in each.
    if {Extra.id, Extra.kind} & set(needed) - have:
        return None
    # A name is one per language: some name column must be filled, not each.
    return cols, set(needed) - {"name"}


def _title(col: Column, cell: str) -> tuple[tuple[str, str] | None, str | None]:
    lang = col.lang or title_language(cell)
    if lang is None:
        return None, (
            "cannot tell the language of this title: put it in a column "
            "source_title_<lang> (source_title_ja, ...)"
        )
    return (unicodedata.normalize("NFC", cell), lang), None


def _published(cell: str) -> tuple[str | None, str | None]:
    try:
        text, precision = dates.parse(cell)
    except dates.DateError as e:
        return None, str(e)
    if precision is dates.Precision.RELATIVE:
        return None, "source_published must be an absolute date"
    return text, None


class _Sheet:
    """One table checked column by column: each distinct value of a column once, and a
    problem for every row that holds a bad one."""

    def __init__(self, m: Model, sheet: Sheet, base: Cls, cols: list[Column], needed: set[str]):
        self.m = m
        self.sheet = sheet
        self.base = base
        self.found: list[tuple[int, int, Problem]] = []  # (row index, column, problem)
        self.bad: set[int] = set()
        # check_value reports through a record; this one only carries the class.
        self.scratch = Record(
            cls=base, id="", source_id="", file="", line=0, label="", key_lines={}
        )
        self.kinds = m.kinds(base)
        self.cols = cols
        self.needed = needed

    def problem(self, i: int, j: int, message: str, column: str) -> None:
        self.found.append((i, j, self.sheet.problem(message, self.sheet.rows[i], column)))
        self.bad.add(i)

    def convert(self, j: int, column: list[str]) -> list[Any]:
        """The column's values, one per row (None where the cell is empty or bad)."""
        col = self.cols[j]
        results: dict[str, tuple[Any, list[str]]] = {}
        for cell in set(column):
            if cell == "":
                message = (
                    [f"the required cell '{col.name}' is empty"] if _key(col) in self.needed else []
                )
                results[cell] = (None, message)
            elif col.extra is Extra.id:
                ok = ID_PATTERN.match(cell) is not None
                results[cell] = (cell, []) if ok else (None, [f"id {cell!r} must be {ID_RULE}"])
            elif col.extra is Extra.kind:
                cls = self.kinds.get(cell)
                results[cell] = (
                    (cls, [])
                    if cls is not None
                    else (
                        None,
                        [f"unknown kind '{cell}'; use one of {', '.join(sorted(self.kinds))}"],
                    )
                )
            elif col.extra is Extra.source_url:
                results[cell] = (cell.strip() or None, [])
            elif col.extra is Extra.source_title:
                title, why = _title(col, cell)
                results[cell] = (title, [] if why is None else [why])
            elif col.extra is Extra.source_published:
                date, why = _published(cell)
                results[cell] = (date, [] if why is None else [why])
            else:
                value, messages = _check(self.m, self.scratch, col, cell)
                results[cell] = (value or None, messages)
        bad = {cell for cell, result in results.items() if result[1]}
        if bad:
            for i, cell in enumerate(column):
                if cell in bad:
                    for text in results[cell][1]:
                        self.problem(i, j, text, col.name)
        return [results[cell][0] for cell in column]


def read_sheet(
    m: Model,
    sheet: Sheet,
    out: TableRows,
    curation: Callable[[Sheet], str],
    problems: list[Problem],
) -> None:
    """The records of one table; problems for every bad cell, in row order."""
    base = table_class(m, sheet.table)
    assert base is not None
    found = _columns(m, sheet, base, problems)
    if found is None:
        return
    header, needed = found
    cols = [c for c in header if c is not None]
    data = [sheet.columns[j] for j, c in enumerate(header) if c is not None]
    work = _Sheet(m, sheet, base, cols, needed)
    converted = [work.convert(j, column) for j, column in enumerate(data)]
    fields = [(c.prop.key, converted[j]) for j, c in enumerate(cols) if c.prop is not None]
    ids = next((converted[j] for j, c in enumerate(cols) if c.extra is Extra.id), None)
    kinds = next((converted[j] for j, c in enumerate(cols) if c.extra is Extra.kind), None)
    urls = next((converted[j] for j, c in enumerate(cols) if c.extra is Extra.source_url), None)
    titles = [converted[j] for j, c in enumerate(cols) if c.extra is Extra.source_title]
    dated = next(
        (converted[j] for j, c in enumerate(cols) if c.extra is Extra.source_published), None
    )
    names = [j for j, c in enumerate(cols) if c.prop is not None and c.prop.key == "name"]
    if names:
        for i in range(len(sheet.rows)):
            if not any(data[j][i] for j in names):
                work.problem(
                    i,
                    names[0],
                    "name needs at least one name: fill "
                    + " or ".join(cols[j].name for j in names),
                    "name",
                )
    # Fields that some kinds have and others do not (a web page's site).
    partial = (
        {k for k, _ in fields if any(k not in c.props for c in m.kinds(base).values())}
        if kinds is not None
        else set()
    )
    is_source = base.iri == AKG.Source
    for i, row in enumerate(sheet.rows):
        cls = base if kinds is None else kinds[i]
        if cls is None:
            continue  # an unknown kind, reported
        values: dict[str, Any] = {}
        for key, values_of in fields:
            value = values_of[i]
            if value:
                have = values.get(key)
                if have is None:
                    values[key] = [*value]
                else:
                    have.extend(value)
        if partial:
            for key in partial & values.keys():
                if key not in cls.props:
                    work.problem(i, 0, f"a {cls.local_name} takes no '{key}'", key)
        page = urls[i] if urls is not None else None
        given = [title[i] for title in titles if title[i] is not None] if titles else []
        date = dated[i] if dated is not None else None
        if page is None and (given or date):
            work.problem(i, 0, "a source title or date without its source_url", Extra.source_url)
        if i in work.bad:
            continue
        ident = ids[i] if ids is not None else None
        rec = Record(
            cls=cls,
            id=ident or "",
            source_id=ident or "" if is_source else "",
            file=sheet.file,
            line=row,
            label=sheet.entry(row),
            key_lines=_NO_LINES,
            values=values,
            merges=not ident and cls.is_relationship,
        )
        out.records.append(rec)
        if page is not None:
            out.row_sources.append(RowSource(rec, sheet, row, page, given, date))
        if is_source:
            continue
        if values.get("sources"):
            rec.source_id = values["sources"][0]
        elif page is None and "sources" in cls.props:
            if cls.fact:
                work.problem(
                    i,
                    0,
                    f"every {sheet.table} row needs its source: fill source_url (or sources)",
                    Extra.source_url,
                )
            else:
                rec.source_id = curation(sheet)
                values["sources"] = [rec.source_id]
    problems.extend(p for _, _, p in sorted(work.found, key=lambda f: (f[0], f[1])))


def read_tables(m: Model, sheets: list[Sheet], problems: list[Problem]) -> TableRows:
    """Records from every table; a table set's curation source when one of its rows
    needs it."""
    out = TableRows()
    curations: dict[str, Record] = {}

    def curation(sheet: Sheet) -> str:
        ident = curation_id(sheet.name)
        if ident not in curations:
            curations[ident] = Record(
                cls=m.kinds(m.classes[AKG.Source])["curation"],
                id=ident,
                source_id=ident,
                file=sheet.file,
                line=1,
                label=f"tables {sheet.name}",
                key_lines=_NO_LINES,
                values={"title": [(f"{sheet.name} (tables)", "en"), (f"{sheet.name} (표)", "ko")]},
            )
        return ident

    for sheet in sheets:
        read_sheet(m, sheet, out, curation, problems)
    out.records.extend(curations.values())
    return out


def check_sources(records: list[Record], problems: list[Problem]) -> None:
    """Every id of a ``sources`` cell names a source."""
    sources = {r.id for r in records if r.cls.iri == AKG.Source or AKG.Source in r.cls.supers}
    for rec in records:
        for ident in rec.values.get("sources", []):
            if ident not in sources:
                problems.append(
                    rec.problem(f"sources '{ident}' is not the id of any source", "sources")
                )
