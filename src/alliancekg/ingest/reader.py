"""Reading seed files: one YAML file per source document, and tables (CSV, TSV, XLSX)
with one row per entry (:mod:`.tables`).

A seed file holds the source's metadata under ``source`` and lists of entries
under the sections the ontology declares (``organizations``, ``memberships``,
...). Every field name is an ``akg:key`` of the ontology. Reading collects
every problem it finds, each located by file, line, entry and field, rather
than stopping at the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from pathlib import Path
from typing import Any

from ..collector import collector_paused
from ..exc import InvalidData, Problem, UsageError
from ..ontology.ids import ID_PATTERN, ID_RULE
from ..ontology.model import Cls, Model, model
from ..ontology.vocab import AKG
from ..tables.layout import table_names
from .records import Record, SeedSet
from .resolve import resolve
from .sources import web_sources
from .tablefiles import SUFFIXES as TABLE_SUFFIXES
from .tablefiles import Sheet, read_table_file
from .tables import check_sources, read_tables
from .values import check_value
from .yamlio import Entry, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")
SEED_SUFFIXES = (*YAML_SUFFIXES, *TABLE_SUFFIXES)


def _is_seed(path: Path) -> bool:
    # "~$name.xlsx" is the lock file Excel keeps beside a workbook it has open.
    return path.suffix in SEED_SUFFIXES and not path.name.startswith("~$")


def seed_files(paths_: Iterable[Path]) -> list[Path]:
    """The seed files of files and directories: YAML files and tables (CSV, TSV, XLSX),
    directories searched with their subdirectories."""
    files: list[Path] = []
    for p in paths_:
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*") if _is_seed(x) and x.is_file()))
        elif p.is_file():
            files.append(p)
        else:
            raise UsageError(f"no such file or directory: {p}")
    if not files:
        raise UsageError(
            "no seed files (*.yaml, *.csv, *.tsv, *.xlsx) found in " + ", ".join(map(str, paths_))
        )
    return files


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_RESERVED = {"id", "kind"}


def _read_entry(
    m: Model,
    base: Cls,
    raw: Any,
    *,
    section: str,
    index: int,
    display: str,
    source_id: str,
    problems: list[Problem],
) -> Record | None:
    label = f"{section}[{index}]" if index >= 0 else section
    if not isinstance(raw, Entry):
        problems.append(
            Problem(
                f"an entry must be a mapping of fields, got {raw!r}"[:200],
                file=display,
                entry=label,
            )
        )
        return None
    cls = base
    kinds = m.kinds(base)
    rec = Record(
        cls=cls,
        id="",
        source_id=source_id,
        file=display,
        line=raw.line,
        label=label,
        key_lines=raw.key_lines,
    )
    if kinds:
        kind = raw.get("kind")
        if kind not in kinds:
            problems.append(
                rec.problem(
                    "missing required field 'kind'"
                    if kind is None
                    else f"unknown kind '{kind}'" + f"; use one of {', '.join(sorted(kinds))}",
                    "kind",
                )
            )
            return None
        rec.cls = cls = kinds[kind]
    elif "kind" in raw:
        problems.append(rec.problem(f"{section} entries take no 'kind'", "kind"))
    ident = raw.get("id")
    if ident is None:
        if not cls.is_relationship and cls.id_prefix is None:
            problems.append(rec.problem("missing required field 'id'", "id"))
            return None
    elif not isinstance(ident, str) or not ID_PATTERN.match(ident):
        problems.append(
            rec.problem(
                f"id {ident!r} must be {ID_RULE}",
                "id",
            )
        )
        return None
    else:
        rec.id = ident
    for key, value in raw.items():
        if key in _RESERVED:
            continue
        prop = cls.props.get(key)
        if prop is not None and prop.derived:
            problems.append(
                rec.problem(
                    f"{key} is filled in when entries are merged; to say two entities are "
                    "one, write a 'same' judgement",
                    key,
                )
            )
            continue
        if prop is None or key == "sources":
            known = sorted(k for k in cls.props if k != "sources" and not cls.props[k].derived)
            problems.append(
                rec.problem(
                    f"unknown field '{key}' for {cls.local_name}; known fields: {', '.join(known)}",
                    key,
                )
            )
            continue
        if value is None:
            continue  # an explicit null is "unknown", the same as leaving the field out
        rec.values[key] = check_value(m, rec, prop, value, problems)
    return rec


def read_file(m: Model, path: Path, problems: list[Problem]) -> list[Record]:
    display = _display(path)
    data, read_problems = read_yaml(path, display)
    problems.extend(read_problems)
    if read_problems:
        return []
    if not isinstance(data, Entry):
        problems.append(
            Problem("a seed file must be a mapping with 'source' and sections", file=display)
        )
        return []
    sections = m.sections()
    for key in data:
        if key != "source" and key not in sections:
            problems.append(
                Problem(
                    f"unknown section '{key}'; use source, {', '.join(sections)}",
                    file=display,
                    line=data.key_lines.get(key),
                    field=key,
                )
            )
    source_raw = data.get("source")
    if source_raw is None:
        problems.append(
            Problem(
                "missing required section 'source' (the document this file takes its facts from)",
                file=display,
                line=1,
                field="source",
            )
        )
        return []
    source_base = m.classes[AKG.Source]
    source = _read_entry(
        m,
        source_base,
        source_raw,
        section="source",
        index=-1,
        display=display,
        source_id="",
        problems=problems,
    )
    if source is None:
        return []
    source.source_id = source.id
    records = [source]
    for section in sections:
        base = m.section(section)
        assert base is not None
        entries = data.get(section)
        if entries is None:
            continue
        if not isinstance(entries, list):
            problems.append(
                Problem(
                    f"section '{section}' must be a list of entries",
                    file=display,
                    line=data.key_lines.get(section),
                    field=section,
                )
            )
            continue
        for i, raw in enumerate(entries):
            rec = _read_entry(
                m,
                base,
                raw,
                section=section,
                index=i,
                display=display,
                source_id=source.id,
                problems=problems,
            )
            if rec is not None:
                records.append(rec)
    return records


def read_seeds(
    inputs: Iterable[Path], m: Model | None = None, *, tolerate: frozenset[str] = frozenset()
) -> SeedSet:
    """Read and resolve seed files; raise :class:`InvalidData` listing every problem,
    except problems whose ``code`` is in ``tolerate`` (``dedupe`` reads seed sets whose
    only problems are names that several entities carry)."""
    with collector_paused():
        return _read_seeds(inputs, m, tolerate)


def _read_seeds(inputs: Iterable[Path], m: Model | None, tolerate: frozenset[str]) -> SeedSet:
    m = m or model()
    files = seed_files(list(inputs))
    problems: list[Problem] = []
    warnings: list[Problem] = []
    records: list[Record] = []
    sheets: list[Sheet] = []
    for f in files:
        if f.suffix in TABLE_SUFFIXES:
            sheets.extend(read_table_file(f, _display(f), table_names(m), problems))
        else:
            records.extend(read_file(m, f, problems))
    rows = read_tables(m, sheets, problems)
    records.extend(rows.records)
    records.extend(web_sources(m, records, rows.row_sources, problems))
    originals = [copy(r) for r in records]
    resolved = resolve(m, records, problems, warnings)
    check_sources(resolved.records, problems)
    if any(p.code not in tolerate for p in problems):
        raise InvalidData(problems)
    merged = {x: c for c, ids in resolved.clusters.merged().items() for x in ids if x != c}
    return SeedSet(
        records=resolved.records,
        files=[_display(f) for f in files],
        warnings=sorted(warnings, key=lambda p: (p.file or "", p.line or 0, p.message)),
        conflicts=resolved.conflicts,
        originals=originals,
        merged=merged,
        judged=resolved.judged,
        problems=problems,
    )
