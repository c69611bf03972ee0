"""Commands that ask: ``query`` runs a named question, ``chart`` draws one."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..backends import make_backend
from ..exc import UsageError
from ..ontology.model import Kind, model
from ..questions.catalogue import named_query
from ..questions.params import from_text
from ..views.charts import ChartFormat, ChartName, picture_size, render
from .common import SeedsOpt, choose, err, handled, out, settings

# The language a table shows a nested record's name in, and answer fields (not
# properties of the model) worth showing beside it, with how each reads: a bare
# "certain" would read as "the fact is certain", not "its dates settle it".
TABLE_LANGUAGE = "ko"
ANSWER_DETAILS = {
    "date_certainty": "dates {}",
    "coverage": "{}",
    "firm": "by {}",
    "member_ko": "held by {}",
}


@handled
def query(
    name: Annotated[str, typer.Argument(help="query name: a file queries/NAME.cypher")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
    seeds: SeedsOpt = None,
) -> None:
    """Run a named question and print its answer (from Neo4j, or the embedded store)."""
    q = named_query(name)
    given: dict[str, Any] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param takes key=value, not {item!r}")
        given[key] = from_text(key, value, q.defaults.get(key))
    backend = make_backend(settings(seeds))
    try:
        rows = backend.run(name, given)
    finally:
        backend.close()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(title=q.title, show_lines=True)
    columns = list(rows[0]) if rows else []
    for col in columns:
        table.add_column(col, overflow="fold")
    order = _written_order(q.cypher)
    for row in rows:
        table.add_row(*[_cell(row[c], order) for c in columns])
    out.print(table)
    out.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", highlight=False)


@cache
def _detail_keys() -> frozenset[str]:
    """Keys whose values qualify a nested record: controlled values and dates."""
    m = model()
    keys = {p.key for p in m.props.values() if p.kind in (Kind.VOCAB, Kind.DATE)}
    return frozenset(keys | set(ANSWER_DETAILS))


def _label(value: dict[str, Any]) -> str:
    """What a nested record is called: its name, else the name of what it refers to
    (``alliance_ko`` beside ``alliance``), else its title, else an id."""
    suffix = "_" + TABLE_LANGUAGE
    named = [f"name{suffix}"]
    named += [k + suffix for k in value if k + suffix in value and k != "name"]
    named += [f"title{suffix}", "id"]
    named += [k for k in value if k + suffix in value]
    return next((str(value[k]) for k in named if value.get(k) is not None), "")


def _written_order(cypher: str) -> Callable[[str], int]:
    """Where the question writes each key of its maps (``role: ...``): a nested record's
    details are shown in that order (Neo4j returns a map's keys in any order)."""

    def position(key: str) -> int:
        found = re.search(rf"\b{re.escape(key)}\s*:", cypher)
        return found.start() if found else len(cypher)

    return position


def _cell(value: Any, order: Callable[[str], int]) -> str:
    """A compact rendering for the table; --json gives every field."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_cell(v, order) for v in value)
    if isinstance(value, dict):
        label = _label(value)
        keys = sorted((k for k in value if k in _detail_keys()), key=order)
        details = [_detail(k, value[k]) for k in keys if value[k] is not None]
        if label and details:
            return f"{label} ({', '.join(details)})"
        return label or json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _detail(key: str, value: Any) -> str:
    return ANSWER_DETAILS.get(key, "{}").format(value)


@handled
def chart(
    name: Annotated[str, typer.Argument(help="overlap or multi-alliance")],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="png or svg (default: from --output, else png)"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="file to write, - for stdout (default: NAME.FORMAT)"),
    ] = None,
    include_proposed: Annotated[
        bool | None,
        typer.Option(
            "--include-proposed/--launched-only",
            help="count proposed alliances and memberships "
            "(default: overlap includes them, multi-alliance does not)",
            show_default=False,
        ),
    ] = None,
    width: Annotated[int | None, typer.Option(help="width in pixels")] = None,
    height: Annotated[int | None, typer.Option(help="height in pixels")] = None,
    seeds: SeedsOpt = None,
) -> None:
    """Draw a chart: the alliance overlap heatmap or the multi-alliance UpSet plot."""
    chart_name = choose(ChartName, name, "chart")
    suffix = output.suffix.lstrip(".").lower() if output and str(output) != "-" else ""
    named = suffix if suffix in set(ChartFormat) else None
    fmt = choose(ChartFormat, format or named or "png", "format")
    if named is not None and named != fmt:
        raise UsageError(f"--format {fmt} does not match the file name {output}")
    target = output or Path(f"{chart_name}.{fmt}")
    if str(target) == "-" and sys.stdout.isatty():
        raise UsageError("will not write an image to a terminal; use --output FILE")
    s = settings(seeds)
    backend = make_backend(s)
    try:
        data = render(
            chart_name,
            backend,
            fmt,
            include_proposed=include_proposed,
            width=width,
            height=height,
            font=s.cjk_font,
        )
    finally:
        backend.close()
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        target.write_bytes(data)
    except OSError as e:
        raise UsageError(f"cannot write {target}: {e.strerror}") from None
    w, h = picture_size(data)
    err.print(f"wrote {target} ({w}×{h} {fmt.upper()}, {len(data):,} bytes)", highlight=False)
