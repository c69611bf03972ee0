"""The ``alliancekg`` command line.

Exit codes: 0 success; 1 invalid data; 2 usage or runtime error; 3 Neo4j
unavailable; 4 unknown id or name.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, BinaryIO, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import paths
from .config import Settings
from .exc import AllianceKGError, InvalidData

app = typer.Typer(
    help="Alliance knowledge graph: validate seeds, load Neo4j, query, export RDF, serve the API.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Seed files or directories (default: seeds/).", show_default=False),
]
SeedsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--seeds",
        help="Seed file or directory the embedded backend serves, repeatable "
        "(default: ALLIANCEKG_SEEDS, else seeds/). Not used when NEO4J_URI is set.",
        show_default=False,
    ),
]


def _settings(seeds: list[Path] | None = None) -> Settings:
    """Settings from the environment, with --seeds in place of ALLIANCEKG_SEEDS if given."""
    import os

    if seeds:
        return Settings(ALLIANCEKG_SEEDS=os.pathsep.join(str(p) for p in seeds))
    return Settings()


def handled(fn: F) -> F:
    """Report project errors as one clear message and their exit code, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidData as e:
            for problem in e.problems:
                err.print(f"[red]error[/red] {problem}", markup=True, highlight=False)
            err.print(f"{e}", highlight=False)
            raise typer.Exit(e.exit_code) from None
        except AllianceKGError as e:
            err.print(f"[red]error[/red] {e}", highlight=False)
            raise typer.Exit(e.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _inputs(inputs: list[Path] | None) -> list[Path]:
    return inputs or [paths.SEEDS_DIR]


@app.command()
@handled
def validate(
    inputs: PathsArg = None,
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Check seed files against the ontology and the SHACL shapes (exit 1 when invalid)."""
    from .validation import validate_seeds

    if format not in {"text", "json"}:
        err.print(f"[red]error[/red] unknown format '{format}'; use text or json")
        raise typer.Exit(2)
    try:
        v = validate_seeds(_inputs(inputs))
    except InvalidData as e:
        if format == "json":
            print(
                json.dumps(
                    {"valid": False, "problems": [p.as_dict() for p in e.problems]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            raise typer.Exit(1) from None
        raise
    facts = len(v.seeds.records)
    if format == "json":
        print(
            json.dumps(
                {"valid": True, "files": v.seeds.files, "entries": facts, "triples": len(v.graph)},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        out.print(
            f"valid: {len(v.seeds.files)} files, {facts} entries, {len(v.graph)} triples",
            highlight=False,
        )


def _settings_with_neo4j() -> Settings:
    settings = Settings()
    if not settings.neo4j_uri:
        from .exc import Neo4jUnavailable

        raise Neo4jUnavailable(
            "(NEO4J_URI not set)",
            "no Neo4j configured: set NEO4J_URI, or run scripts/neo4j-local start and "
            "export what it prints",
        )
    return settings


class _BarProgress:
    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task = bar.add_task("writing", total=None)

    def start(self, total: int) -> None:
        self.bar.update(self.task, total=max(total, 1))

    def advance(self, n: int) -> None:
        self.bar.advance(self.task, n)


@app.command()
@handled
def load(
    inputs: PathsArg = None,
    commit_every: Annotated[
        int | None,
        typer.Option(
            min=1000,
            help="commit every N rows instead of once: for graphs larger than the server's "
            "transaction memory; an interrupted load then leaves part of the change "
            "written, and loading again completes it",
        ),
    ] = None,
) -> None:
    """Validate the seeds, then make Neo4j hold exactly their graph (one transaction,
    unless --commit-every)."""
    from .neo4j_store import load as load_graph
    from .neo4j_store import open_driver
    from .pgmap import to_property_graph
    from .validation import validate_seeds

    settings = _settings_with_neo4j()
    v = validate_seeds(_inputs(inputs), settings.base_iri)
    wanted = to_property_graph(v.graph, settings.base_iri)
    driver = open_driver(settings)
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            summary = load_graph(
                driver,
                settings.neo4j_database,
                wanted,
                settings.neo4j_uri or "",
                _BarProgress(bar),
                commit_every=commit_every,
            )
    finally:
        driver.close()
    table = Table(title=f"load into {settings.neo4j_uri} ({settings.neo4j_database})")
    for col in ("label / type", "created", "updated", "deleted", "unchanged"):
        table.add_column(col, justify="left" if col == "label / type" else "right")
    for name in summary.names():
        table.add_row(
            name,
            str(summary.created[name]),
            str(summary.updated[name]),
            str(summary.deleted[name]),
            str(summary.unchanged[name]),
        )
    out.print(table)
    out.print("changed" if summary.changed else "no changes: the graph already held these seeds")


@app.command()
@handled
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="turtle, nt, jsonld or xml")
    ] = "turtle",
    source: Annotated[str, typer.Option("--from", help="seeds or neo4j")] = "seeds",
    entity: Annotated[str | None, typer.Option("--entity", help="export one entity by id")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file (default: stdout)")
    ] = None,
    inputs: PathsArg = None,
) -> None:
    """Write the graph as RDF, from the seeds or read back from Neo4j."""
    from .exc import UsageError
    from .export import entity_graph, get_format, ntriples, serialize

    fmt = get_format(format)
    settings = Settings()
    if source not in ("seeds", "neo4j"):
        raise UsageError(f"unknown --from '{source}'; use seeds or neo4j")
    if output is not None and output.is_dir():
        raise UsageError(f"--output {output} is a directory")
    sink = sys.stdout.buffer if output is None else None
    if source == "neo4j" and fmt.name == "nt" and entity is None:
        # Streamed: pieces of the graph are read, written and dropped, so memory stays
        # flat however large the graph is.
        from .neo4j_store import neo4j_errors, open_driver, stream_property_graph
        from .pgmap import property_graph_triples

        settings = _settings_with_neo4j()
        driver = open_driver(settings)
        lines = 0
        try:
            with neo4j_errors(settings.neo4j_uri or ""), _open_sink(output) as out_file:
                for piece in stream_property_graph(driver, settings.neo4j_database):
                    data = ntriples(property_graph_triples(piece, settings.base_iri))
                    lines += data.count(b"\n")
                    out_file.write(data)
        finally:
            driver.close()
        if output is not None:
            err.print(f"wrote {lines} triples to {output}", highlight=False)
        return
    if source == "seeds":
        from .validation import validate_seeds

        graph = validate_seeds(_inputs(inputs), settings.base_iri).graph
    else:
        from .neo4j_store import open_driver, read_property_graph
        from .pgmap import from_property_graph

        settings = _settings_with_neo4j()
        driver = open_driver(settings)
        try:
            pg = read_property_graph(driver, settings.neo4j_database)
        finally:
            driver.close()
        graph = from_property_graph(pg, settings.base_iri)
    if entity is not None:
        graph = entity_graph(graph, entity, settings.base_iri)
    data = ntriples(graph) if fmt.name == "nt" else serialize(graph, fmt)
    if sink is not None:
        sink.write(data)
        sink.flush()
    else:
        assert output is not None
        output.write_bytes(data)
        err.print(f"wrote {len(graph)} triples to {output}", highlight=False)


@contextmanager
def _open_sink(output: Path | None) -> Iterator[BinaryIO]:
    """The file to write (replaced only when the export completes), or stdout."""
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("wb") as f:
            yield f
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


@app.command()
@handled
def doctor(seeds: SeedsOpt = None) -> None:
    """Say which backend would serve and whether it answers (exit 3 when Neo4j does not)."""
    from .neo4j_store import open_driver, server_info

    settings = _settings(seeds)
    if not settings.neo4j_uri:
        from .embedded import EmbeddedBackend

        info = EmbeddedBackend(settings).health()["embedded"]
        out.print(
            f"backend: embedded (NEO4J_URI not set)\nseeds: {', '.join(info['seeds'])}\n"
            f"graph: {info['triples']} triples, {info['nodes']} nodes, "
            f"{info['relationships']} relationships, built in {info['startup_seconds']:.2f} s",
            highlight=False,
        )
        return
    driver = open_driver(settings)
    try:
        info = server_info(driver, settings)
    finally:
        driver.close()
    out.print(
        f"backend: neo4j\nuri: {info.uri}\nserver: Neo4j {info.version} {info.edition} "
        f"at {info.address}\ndatabase: {info.database}",
        highlight=False,
    )


@app.command()
@handled
def mapping() -> None:
    """Print the RDF ⇄ Neo4j mapping tables (the generated part of docs/mapping.md)."""
    from .mapping_doc import render

    print(render(), end="")


def _coerce(name: str, text: str, default: Any) -> Any:
    from .exc import UsageError

    if text == "null":
        return None
    if isinstance(default, bool):
        if text not in ("true", "false"):
            raise UsageError(f"--param {name} takes true or false, not {text!r}")
        return text == "true"
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"--param {name} takes a whole number, not {text!r}") from None
    return text


@app.command()
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
    from .backend import make_backend
    from .exc import UsageError
    from .queries import named_query

    q = named_query(name)
    given: dict[str, Any] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param takes key=value, not {item!r}")
        if key not in q.defaults:
            raise UsageError(
                f"query '{name}' has no parameter '{key}'; its parameters: "
                f"{', '.join(q.defaults) or 'none'}"
            )
        given[key] = _coerce(key, value, q.defaults[key])
    backend = make_backend(_settings(seeds))
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
    for row in rows:
        table.add_row(*[_cell(row[c]) for c in columns])
    out.print(table)
    out.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", highlight=False)


_LABEL_KEYS = (
    "name_ko",
    "alliance_ko",
    "segment_ko",
    "organization_ko",
    "title_ko",
    "id",
    "alliance",
    "segment",
)
_DETAIL_KEYS = ("role", "status", "joined", "certainty", "basis")


def _cell(value: Any) -> str:
    """A compact rendering for the table; --json gives every field."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_cell(v) for v in value)
    if isinstance(value, dict):
        label = next((str(value[k]) for k in _LABEL_KEYS if value.get(k) is not None), "")
        details = [str(value[k]) for k in _DETAIL_KEYS if value.get(k) is not None]
        if label and details:
            return f"{label} ({', '.join(details)})"
        return label or json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@app.command()
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
    from .backend import make_backend
    from .charts import CHARTS, DEFAULT_SIZE, MEDIA_TYPES, render
    from .exc import UsageError

    if name not in CHARTS:
        raise UsageError(f"unknown chart '{name}'; charts: {', '.join(CHARTS)}")
    suffix = output.suffix.lstrip(".").lower() if output and str(output) != "-" else ""
    fmt = format or (suffix if suffix in MEDIA_TYPES else "png")
    if fmt not in MEDIA_TYPES:
        raise UsageError(f"unknown format '{fmt}'; use png or svg")
    if suffix in MEDIA_TYPES and suffix != fmt:
        raise UsageError(f"--format {fmt} does not match the file name {output}")
    target = output or Path(f"{name}.{fmt}")
    if str(target) == "-" and sys.stdout.isatty():
        raise UsageError("will not write an image to a terminal; use --output FILE")
    backend = make_backend(_settings(seeds))
    try:
        data = render(
            name, backend, fmt, include_proposed=include_proposed, width=width, height=height
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
    w, h = width or DEFAULT_SIZE[name][0], height or DEFAULT_SIZE[name][1]
    err.print(f"wrote {target} ({w}×{h} {fmt.upper()}, {len(data):,} bytes)", highlight=False)


@app.command()
@handled
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    seeds: SeedsOpt = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="server processes; each embedded worker holds its own copy of the graph",
        ),
    ] = 1,
) -> None:
    """Serve the query API (OpenAPI docs at /docs): from Neo4j when NEO4J_URI is set,
    otherwise from the seeds, built in-process."""
    import os

    import uvicorn

    from .api import create_app
    from .api.app import HTTP_PROTOCOL
    from .backend import make_backend

    settings = _settings(seeds)
    where = settings.neo4j_uri or ", ".join(str(p) for p in settings.seed_paths)
    if workers > 1:
        # Each worker process builds its app (and backend) from the environment.
        if seeds:
            os.environ["ALLIANCEKG_SEEDS"] = settings.seeds
        if not settings.neo4j_uri:
            from .validation import validate_seeds

            validate_seeds(settings.seed_paths, settings.base_iri)  # fail here, not per worker
        err.print(
            f"serving the {settings.backend} backend ({where}) with {workers} workers "
            f"at http://{host}:{port}/docs",
            highlight=False,
        )
        uvicorn.run(
            "alliancekg.api:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            http=HTTP_PROTOCOL,
        )
        return
    backend = make_backend(settings)
    err.print(
        f"serving the {backend.name} backend ({where}) at http://{host}:{port}/docs",
        highlight=False,
    )
    uvicorn.run(
        create_app(settings, backend), host=host, port=port, log_level="info", http=HTTP_PROTOCOL
    )


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
