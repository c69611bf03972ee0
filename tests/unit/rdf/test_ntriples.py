"""N-Triples written as text from the property graph: the same statements, byte for
byte, as the statements of the mapping written one rdflib term at a time, and a graph
isomorphic to the seeds' RDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from alliancekg.config import DEFAULT_BASE_IRI
from alliancekg.ingest.validation import validate_seeds
from alliancekg.ontology.model import model
from alliancekg.rdf.mapping import property_graph_triples, to_property_graph
from alliancekg.rdf.ntriples import PropertyGraphWriter, ntriples
from tests.paths import FIXTURES, SEEDS

CASES = [
    SEEDS,
    FIXTURES / "valid" / "minimal",
    FIXTURES / "rejoin",
    FIXTURES / "groups",
    FIXTURES / "tables" / "example",
]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_the_writer_gives_the_statements_of_the_mapping_byte_for_byte(path: Path) -> None:
    graph = validate_seeds([path]).graph
    pg = to_property_graph(graph)

    written = PropertyGraphWriter(DEFAULT_BASE_IRI, model()).write(pg)

    assert written == ntriples(property_graph_triples(pg))
    assert isomorphic(Graph().parse(data=written, format="nt"), graph)


def test_literals_that_need_escaping_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "source: {id: s, kind: curation, title: {en: S}}\n"
        "organizations:\n"
        '  - id: q\n    kind: company\n    name: {en: "a \\"quoted\\" \\\\ back\\nslash"}\n',
        encoding="utf-8",
    )
    graph = validate_seeds([tmp_path]).graph
    written = PropertyGraphWriter(DEFAULT_BASE_IRI, model()).write(to_property_graph(graph))

    assert b'"a \\"quoted\\" \\\\ back\\nslash"@en' in written
    assert isomorphic(Graph().parse(data=written, format="nt"), graph)
