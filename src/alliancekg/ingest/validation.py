"""Validation: seed reading, SHACL shapes, and evidence checked against source texts.

Problems are reported as file + line + entry + field + message, whichever
stage found them, so a curator sees one kind of error list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..config import DEFAULT_BASE_IRI, home
from ..exc import InvalidData, Problem
from ..ontology.model import Model, model
from ..rdf.terms import IriMaker
from .build import build_graph
from .reader import read_seeds
from .records import QUOTE_GAP, Record, SeedSet
from .shacl import BATCH_SIZE, shacl_results


def shapes_graph() -> Graph:
    g = Graph()
    g.parse(home().shapes_file, format="turtle")
    return g


def shacl_problems(
    data: Graph,
    m: Model,
    records: dict[str, Record] | None = None,
    base: str = DEFAULT_BASE_IRI,
    *,
    batch_size: int | None = BATCH_SIZE,
    flatten: bool = True,
) -> list[Problem]:
    """Run the SHACL shapes over ``data``; locate each violation in the seed files.

    By default the shapes are flattened and each is run on one focus node per
    group of those alike in what it reads, ``batch_size`` at a time (see
    :mod:`alliancekg.ingest.shacl`): the same problems as ``batch_size=None,
    flatten=False``, one pySHACL run over the whole graph, in linear time.
    """
    results = shacl_results(
        data,
        shapes_graph(),
        m.graph,
        batch_size=batch_size,
        flatten=flatten,
    )
    if not results:
        return []
    iri = IriMaker(base)
    keys = {p.iri: p.key for p in m.props.values()}
    problems: list[Problem] = []
    for focus, path, value, raw in results:
        message = raw or "does not conform"
        key = keys.get(path) if isinstance(path, URIRef) else None
        rec = records.get(iri.id_of(focus)) if records and isinstance(focus, URIRef) else None
        if key is None and rec is not None:
            # A node-level constraint (SPARQL, sh:or) has no path; the shapes' messages
            # start with the field they are about.
            first = message.split(" ", 1)[0]
            key = first if first in rec.cls.props else None
        if isinstance(value, Literal):
            text = str(value) if len(str(value)) <= 60 else str(value)[:60] + "…"
            shown = f"'{text}'@{value.language}" if value.language else f"'{text}'"
            message = f"{message} (got {shown})"
        if rec is not None:
            if key is not None and key not in rec.values and "required" not in message:
                message = f"{message} (missing required field '{key}')"
            problems.append(rec.problem(message, key))
        else:
            problems.append(Problem(message, entry=str(focus), field=key))
    return sorted(set(problems), key=lambda p: (p.file or "", p.line or 0, p.message))


def evidence_problems(seeds: SeedSet) -> list[Problem]:
    """Evidence sentences and direct quotes must appear verbatim in the source's text file."""
    texts: dict[str, str | None] = {}
    problems: list[Problem] = []
    records = seeds.originals or seeds.records
    for rec in records:
        if "text_file" in rec.values:
            path = Path(rec.file).parent / rec.values["text_file"][0]
            try:
                texts[rec.id] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                problems.append(rec.problem(f"cannot read text file {path}: {e}", "text_file"))
    for rec in records:
        text = texts.get(rec.source_id)
        if text is None:
            continue
        for sentence, _lang in rec.values.get("evidence", []):
            if sentence not in text:
                problems.append(
                    rec.problem(
                        f"evidence is not verbatim in the source text: {sentence[:60]!r}",
                        "evidence",
                    )
                )
        if rec.values.get("direct", [True]) == [True]:
            for quoted, _lang in rec.values.get("text", []):
                if rec.cls.props.get("text") is None or rec.cls.section != "quotes":
                    continue
                for part in quoted.split(QUOTE_GAP):
                    if part not in text:
                        problems.append(
                            rec.problem(
                                f"direct quote is not verbatim in the source text: {part[:60]!r}",
                                "text",
                            )
                        )
    return problems


@dataclass
class Validated:
    seeds: SeedSet
    graph: Graph


def validate_seeds(inputs: Iterable[Path], base: str = DEFAULT_BASE_IRI) -> Validated:
    """Read, build and check seed files; raise :class:`InvalidData` with every problem."""
    m = model()
    seeds = read_seeds(inputs, m)
    graph = build_graph(seeds, base, m)
    problems = evidence_problems(seeds)
    problems += shacl_problems(graph, m, seeds.by_id(), base)
    if problems:
        raise InvalidData(problems)
    return Validated(seeds=seeds, graph=graph)
