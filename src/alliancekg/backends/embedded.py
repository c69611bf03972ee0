"""The embedded backend: the seeds' RDF graph in an in-process SPARQL store.

With ``NEO4J_URI`` unset, the API and the CLI answer from here: the seeds
are validated and mapped to the property graph, whose statements (written as
N-Triples from it, as for an export) go into a pyoxigraph store, and each question
runs as its SPARQL form
(``queries/<name>.rq``), folded into the same answer the Cypher form gives.
The questions about many memberships at once (:data:`~alliancekg.questions.scan.FAST`)
are answered in Python from an index of the property graph instead, unless the
backend is built with ``fast=False``; both give the same answer.
Node property maps (Cypher's ``n {.*}``) come from the same RDF ⇄ property
graph mapping that loads Neo4j, so both backends name properties alike.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
from rdflib import Graph

from ..collector import collector_paused
from ..config import Settings
from ..exc import NotFound
from ..ingest.validation import validate_seeds
from ..ontology.model import model
from ..questions.catalogue import NamedQuery
from ..questions.folding import fold
from ..questions.params import FOR_SPARQL
from ..questions.scan import FAST, LOOKUPS, THEN_STEP, Memberships
from ..questions.sparql import QUERY_PREFIXES, Terms, sparql_form
from ..questions.steps import THEN
from ..rdf.entity import entity_graph
from ..rdf.ntriples import PropertyGraphWriter
from ..rdf.propertygraph import PropertyGraph
from .base import Answer, Backend

# Nodes or relationships per N-Triples piece of an export.
PIECE = 50_000


def _store(pg: PropertyGraph, base: str) -> ox.Store:
    """The store, loaded from N-Triples written from the property graph (no rdflib)."""
    store = ox.Store()
    store.bulk_load(PropertyGraphWriter(base, model()).write(pg), format=ox.RdfFormat.N_TRIPLES)
    return store


def _files_hash(files: Sequence[str], base: str) -> str:
    """What the store was built from: the base IRI and every seed file's bytes."""
    h = hashlib.sha256(base.encode())
    for f in sorted(files):
        h.update(f.encode() + b"\0" + Path(f).read_bytes() + b"\0")
    return h.hexdigest()[:32]


class EmbeddedBackend(Backend):
    """Answers from the seeds, held in memory; nothing to install or start."""

    name: ClassVar[str] = "embedded"
    param_forms = FOR_SPARQL

    def __init__(
        self, settings: Settings, inputs: Sequence[Path] | None = None, *, fast: bool = True
    ) -> None:
        super().__init__(settings)
        started = time.perf_counter()
        self.inputs = [Path(p) for p in (inputs or settings.seed_paths)]
        checked = validate_seeds(self.inputs, settings.base_iri)
        self._checked = checked  # its RDF graph is built when first asked for
        self._files = [str(f) for f in checked.seeds.files]
        self._pg: PropertyGraph = checked.property_graph
        # millions of long-lived objects are made here: a collection would only scan them
        with collector_paused():
            self._store = _store(self._pg, settings.base_iri)
            # the fast paths' index, or None: every question runs as SPARQL
            self._memberships = Memberships(self._pg) if fast else None
        self._terms = Terms(settings.base_iri)
        self._version = _files_hash(self._files, settings.base_iri)
        # What the backend holds lives as long as the process serves it: out of the
        # cyclic collector's sight, a full collection triggered by a large answer no
        # longer scans millions of objects inside a request.
        gc.collect()
        gc.freeze()
        self.startup_seconds = time.perf_counter() - started

    def _node(self, ident: str) -> dict[str, Any] | None:
        node = self._pg.nodes.get(ident)
        return None if node is None else node.props

    def _fast(self, q: NamedQuery) -> bool:
        """Is the question answered by a fast path here?"""
        return self._memberships is not None and q.name in FAST

    def answer(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        if self._fast(q):
            assert self._memberships is not None
            # a large answer is many small acyclic objects: without the pause, the cyclic
            # collector would scan every live object several times while it is built
            with collector_paused():
                answer = FAST[q.name](self._memberships, values)
            step = THEN_STEP.get(q.name)
            return THEN[step](answer) if step else answer
        return self.answer_sparql(q, values)

    async def aanswer(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        if q.name in LOOKUPS and self._fast(q):
            return self.answer(q, values)  # less work than a worker thread's hop
        return await super().aanswer(q, values)

    def public(self, q: NamedQuery, answer: Answer) -> Answer:
        if self._fast(q):
            return answer  # a fast path names each field: no index-only property
        return super().public(q, answer)

    def answer_sparql(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        """The answer of the question's SPARQL form, folded."""
        form = sparql_form(q.name)
        terms = {p: self._terms.param(p, values.get(p)) for p in form.params}
        solutions = self._store.query(form.with_values(terms), prefixes=QUERY_PREFIXES)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        value = self._terms.value
        rows = [
            {n: value(t) for n, t in zip(names, solution, strict=True) if t is not None}
            for solution in solutions
        ]
        answer = form.page(fold(form.answer, rows, self._node), values)
        return THEN[form.then](answer) if form.then else answer

    def version(self) -> str:
        # The store is built once, from the seeds as they were at startup.
        return self._version

    async def aversion(self) -> str:
        return self._version

    def graph(self) -> Graph:
        return self._checked.graph

    def entity(self, ident: str) -> Graph:
        if ident not in self._pg.nodes:
            raise NotFound("entity", ident)
        return entity_graph(self._checked.graph, ident, self.settings.base_iri)

    def ntriples(self) -> Iterator[bytes]:
        # From the property graph, not the store: the store writes literals in
        # canonical form ("5.0"^^xsd:decimal as "5"), and the export keeps the seeds'.
        yield from PropertyGraphWriter(self.settings.base_iri, model()).pieces(self._pg, PIECE)

    def health(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "embedded": {
                "seeds": self._files,
                "triples": len(self._store),
                "nodes": len(self._pg.nodes),
                "relationships": len(self._pg.rels),
                "startup_seconds": round(self.startup_seconds, 3),
            },
        }
