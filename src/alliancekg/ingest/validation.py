"""Validation: seed reading, SHACL shapes, and evidence checked against source texts.

Problems are reported as file + line + entry + field + message, whichever
stage found them, so a curator sees one kind of error list.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import metadata
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..collector import collector_paused
from ..config import DEFAULT_BASE_IRI, cache_dir, home, keep
from ..exc import InvalidData, MappingError, Problem
from ..ontology.model import Model, model
from ..rdf.mapping import plain_property_graph
from ..rdf.plain import Subject
from ..rdf.propertygraph import PropertyGraph
from ..rdf.terms import IriMaker
from . import shacl, shapecheck
from .build import build_graph
from .reader import read_seeds
from .records import QUOTE_GAP, Record, SeedSet
from .shacl import BATCH_SIZE, ShaclResult, shacl_results
from .shapecheck import CompiledShapes, Prepared
from .triples import seed_subjects, seed_types, segment_subjects


def shapes_graph() -> Graph:
    g = Graph()
    g.parse(home().shapes_file, format="turtle")
    return g


@cache
def _compiled(shapes_file: str, ontology_file: str) -> CompiledShapes:
    kept = _prepared_file(Path(shapes_file), Path(ontology_file))
    prepared = None
    if kept is not None:
        # none yet, or unreadable: worked out again, and written anew
        with contextlib.suppress(OSError, ValueError):
            prepared = Prepared.from_json(json.loads(kept.read_bytes()))
    compiled = CompiledShapes(shapes_graph(), model().graph, prepared)
    if kept is not None and compiled.prepared != prepared:
        keep(kept, json.dumps(compiled.prepared.to_json(), ensure_ascii=False).encode())
    return compiled


def _prepared_file(shapes_file: Path, ontology_file: Path) -> Path | None:
    """The cache file for the prepared parts of these shapes (:class:`.Prepared`): named
    by a hash of the shapes, the ontology, the code that works them out and the
    versions of rdflib and pySHACL, so that a change to any of them finds none."""
    folder = cache_dir()
    if folder is None:
        return None
    h = hashlib.sha256()
    for f in (shapes_file, ontology_file, Path(shacl.__file__), Path(shapecheck.__file__)):
        h.update(f.read_bytes())
    for dist in ("rdflib", "pyshacl"):
        h.update(metadata.version(dist).encode())
    return folder / f"shapes-{h.hexdigest()[:32]}.json"


def compiled_shapes() -> CompiledShapes:
    """The project's shapes compiled (:mod:`.shapecheck`), once per shapes file; the
    parts that need rdflib's SPARQL parser and pySHACL are kept in the cache folder
    (:func:`.config.cache_dir`) for the next process."""
    h = home()
    return _compiled(str(h.shapes_file), str(h.ontology_file))


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
    return result_problems(results, m, records, base)


def result_problems(
    results: list[ShaclResult],
    m: Model,
    records: dict[str, Record] | None = None,
    base: str = DEFAULT_BASE_IRI,
) -> list[Problem]:
    """SHACL results as problems, each located in the seed files where it can be."""
    if not results:
        return []
    iri = IriMaker(base)
    keys = {p.iri: p.key for p in m.props.values()}
    problems: list[Problem] = []
    for focus, path, value, raw, _component in results:
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


def _text_file(rec: Record) -> Path:
    return Path(rec.file).parent / str(rec.values["text_file"][0])


def text_files(seeds: SeedSet) -> list[Path]:
    """The source texts the seeds name (``text_file``), which evidence is checked
    against: read with the seeds, so part of what a load is made from."""
    records = seeds.originals or seeds.records
    return sorted({_text_file(rec) for rec in records if "text_file" in rec.values})


def evidence_problems(seeds: SeedSet) -> list[Problem]:
    """Evidence sentences and direct quotes must appear verbatim in the source's text file."""
    texts: dict[str, str | None] = {}
    problems: list[Problem] = []
    records = seeds.originals or seeds.records
    for rec in records:
        if "text_file" in rec.values:
            path = _text_file(rec)
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
    """Checked seeds, with the property graph they load as. The RDF graph is built
    only when it is asked for (exports, the embedded store's SPARQL)."""

    seeds: SeedSet
    property_graph: PropertyGraph
    triples: int  # statements in the RDF graph
    base: str = DEFAULT_BASE_IRI

    @cached_property
    def graph(self) -> Graph:
        return build_graph(self.seeds, self.base, model())


class _Checked:
    """The seeds' statements, subject by subject, each checked against the compiled
    shapes on its way to the property graph (one pass; nothing kept in between)."""

    def __init__(self, seeds: SeedSet, m: Model, base: str) -> None:
        segments = segment_subjects(m, base)
        self.types = seed_types(seeds, m, base, segments)
        self.subjects = seed_subjects(seeds, m, base, segments)
        self.triples = 0

    def __iter__(self) -> Iterator[Subject]:
        for subject in self.subjects:
            self.triples += sum(len(objects) for objects in subject[1].values())
            yield subject


def check_seeds(seeds: SeedSet, m: Model, base: str = DEFAULT_BASE_IRI) -> Validated:
    """Evidence and the shapes checked, and the property graph mapped, in one pass over
    the records; raise :class:`InvalidData` with every problem."""
    problems = evidence_problems(seeds)
    stream = _Checked(seeds, m, base)
    results: list[ShaclResult] = []
    checked = compiled_shapes().checked(stream.types, stream, results)
    pg: PropertyGraph | None = None
    failed: MappingError | None = None
    with collector_paused():
        try:
            pg = plain_property_graph(checked, base, m)
        except MappingError as e:  # data the shapes refuse too: report theirs
            failed = e
            for _ in checked:
                pass
    problems += result_problems(results, m, seeds.by_id(), base)
    if problems:
        raise InvalidData(problems)
    if failed is not None:
        raise failed
    assert pg is not None
    return Validated(seeds=seeds, property_graph=pg, triples=stream.triples, base=base)


def validate_seeds(inputs: Iterable[Path], base: str = DEFAULT_BASE_IRI) -> Validated:
    """Read and check seed files; raise :class:`InvalidData` with every problem."""
    m = model()
    seeds = read_seeds(inputs, m)
    return check_seeds(seeds, m, base)
