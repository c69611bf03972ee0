"""Commands that move the graph: ``load`` into Neo4j, ``export`` as RDF, tables or a
network, ``doctor`` (which backend would answer), ``mapping`` (the RDF ⇄ Neo4j tables)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rdflib import Graph
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..backends.embedded import EmbeddedBackend
from ..backends.neo4j import Neo4jBackend
from ..exc import UsageError
from ..ingest.fingerprint import seeds_fingerprint
from ..ingest.validation import text_files, validate_seeds
from ..rdf.entity import entity_graph
from ..rdf.formats import Format, MediaFormat, serialize
from ..rdf.mapping_doc import render
from ..rdf.ntriples import ntriples
from ..tables.export import graph_tables
from ..tables.formats import EXPORT_FORMATS, TABLE_FORMATS, ExportFormat, export_bytes
from ..tables.writers import write_csv_folder
from .common import (
    SeedsOpt,
    choose,
    err,
    handled,
    out,
    print_warnings,
    settings,
    with_neo4j,
)


class Origin(StrEnum):
    seeds = "seeds"
    neo4j = "neo4j"


class _BarProgress:
    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task = bar.add_task("writing", total=None)

    def start(self, total: int) -> None:
        self.bar.update(self.task, total=max(total, 1))

    def advance(self, n: int) -> None:
        self.bar.advance(self.task, n)


@handled
def load(
    seeds: SeedsOpt = None,
    commit_every: Annotated[
        int | None,
        typer.Option(
            min=1000,
            help="commit every N rows instead of once: for graphs larger than the server's "
            "transaction memory; an interrupted load then leaves part of the change "
            "written, and loading again completes it",
        ),
    ] = None,
    sessions: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=16,
            help="with --commit-every: transactions written at once, each from its own "
            "session (default: ALLIANCEKG_WRITE_SESSIONS, else 2)",
        ),
    ] = None,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="compare every property the graph holds with the seeds, not the content "
            "hashes the loads wrote: also undoes changes made in Neo4j by hand",
        ),
    ] = False,
) -> None:
    """Validate the seeds, then make Neo4j hold exactly their graph (one transaction,
    unless --commit-every). The same files as the last load, into a database nothing
    has written to since, are not read again (docs/mapping.md)."""
    if sessions is not None and commit_every is None:
        raise UsageError("--sessions applies to a load in several transactions: add --commit-every")
    s = with_neo4j(settings(seeds))
    fingerprint = seeds_fingerprint(s.seed_paths, s.base_iri)
    backend = Neo4jBackend(s)
    try:
        last = None if verify else backend.already_loaded(fingerprint)
        if last is not None:
            # the same files as the last load, and nothing written since: nothing to do
            print_warnings(last.warnings)
            summary = last.summary()
        else:
            checked = validate_seeds(s.seed_paths, s.base_iri)
            print_warnings(checked.seeds.warnings)
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as bar:
                summary = backend.load(
                    checked.property_graph,
                    _BarProgress(bar),
                    commit_every=commit_every,
                    verify=verify,
                    sessions=sessions,
                )
            backend.remember_load(
                fingerprint, text_files(checked.seeds), summary, checked.seeds.warnings
            )
    finally:
        backend.close()
    table = Table(title=f"load into {s.neo4j_uri} ({s.neo4j_database})")
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
    if summary.changed:
        out.print("changed")
    elif last is not None:
        out.print(
            "no changes: the graph already held these seeds (the same files as the last "
            "load, and nothing written since: not read again)"
        )
    else:
        out.print("no changes: the graph already held these seeds")


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


def _write_tables(fmt: MediaFormat, graph: Graph, base: str, output: Path | None) -> None:
    """A table or network export: CSV into a folder or a .zip, the others to a file."""
    if fmt.name == "csv" and output is None:
        raise UsageError("--format csv writes files: give -o FOLDER or -o FILE.zip")
    if fmt.name == "csv" and output is not None and output.suffix != ".zip":
        if output.exists() and not output.is_dir():
            raise UsageError(f"--output {output} is a file; csv writes a folder or a .zip")
        tables = graph_tables(graph, base)
        name = output.resolve().name or "alliancekg"
        write_csv_folder(output, name, tables)
        rows = sum(len(t.rows) for t in tables)
        err.print(f"wrote {len(tables)} tables ({rows} rows) to {output}/", highlight=False)
        return
    if output is not None and output.is_dir():
        raise UsageError(f"--output {output} is a directory")
    name = output.stem if output is not None else "alliancekg"
    data = export_bytes(fmt, graph, base, name)
    with _open_sink(output) as sink:
        sink.write(data)
    if output is not None:
        err.print(f"wrote {fmt.name} ({len(data):,} bytes) to {output}", highlight=False)


@handled
def export(
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="turtle, nt, jsonld or xml (RDF); csv or xlsx (tables); graphml or gexf "
            "(networks)",
        ),
    ] = "turtle",
    source: Annotated[str, typer.Option("--from", help="seeds or neo4j")] = "seeds",
    entity: Annotated[str | None, typer.Option("--entity", help="export one entity by id")] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="file (default: stdout); for csv a folder, or a file ending in .zip",
        ),
    ] = None,
    seeds: SeedsOpt = None,
) -> None:
    """Write the graph as RDF, tables or a network, from the seeds or read back from Neo4j."""
    fmt = EXPORT_FORMATS[choose(ExportFormat, format, "format")]
    origin = choose(Origin, source, "--from")
    if output is not None and output.is_dir() and fmt.name != "csv":
        raise UsageError(f"--output {output} is a directory")
    s = settings(seeds)
    if origin is Origin.neo4j:
        backend = Neo4jBackend(with_neo4j(s))
        try:
            if fmt.name == "nt" and entity is None:
                # Streamed: pieces of the graph are read, written and dropped, so memory
                # stays flat however large the graph is.
                lines = 0
                with _open_sink(output) as sink:
                    for piece in backend.ntriples():
                        lines += piece.count(b"\n")
                        sink.write(piece)
                if output is not None:
                    err.print(f"wrote {lines} triples to {output}", highlight=False)
                return
            graph = backend.graph() if entity is None else backend.entity(entity)
        finally:
            backend.close()
    else:
        graph = validate_seeds(s.seed_paths, s.base_iri).graph
        if entity is not None:
            graph = entity_graph(graph, entity, s.base_iri)
    if fmt.name in TABLE_FORMATS:
        _write_tables(fmt, graph, s.base_iri, output)
        return
    assert isinstance(fmt, Format)
    data = ntriples(graph) if fmt.name == "nt" else serialize(graph, fmt)
    with _open_sink(output) as sink:
        sink.write(data)
    if output is not None:
        err.print(f"wrote {len(graph)} triples to {output}", highlight=False)


@handled
def doctor(seeds: SeedsOpt = None) -> None:
    """Say which backend would serve and whether it answers (exit 3 when Neo4j does not)."""
    s = settings(seeds)
    if not s.neo4j_uri:
        info = EmbeddedBackend(s).health()["embedded"]
        out.print(
            f"backend: embedded (NEO4J_URI not set)\nseeds: {', '.join(info['seeds'])}\n"
            f"graph: {info['triples']} triples, {info['nodes']} nodes, "
            f"{info['relationships']} relationships, built in {info['startup_seconds']:.2f} s",
            highlight=False,
        )
        return
    backend = Neo4jBackend(s)
    try:
        neo4j = backend.health()["neo4j"]
    finally:
        backend.close()
    out.print(
        f"backend: neo4j\nuri: {neo4j['uri']}\nserver: Neo4j {neo4j['version']} "
        f"{neo4j['edition']} at {neo4j['address']}\ndatabase: {neo4j['database']}",
        highlight=False,
    )


@handled
def mapping() -> None:
    """Print the RDF ⇄ Neo4j mapping tables (the generated part of docs/mapping.md)."""
    print(render(), end="")
