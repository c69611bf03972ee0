"""RDF export from Neo4j, through the CLI and the API: formats, negotiation, entities."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver
from rdflib import Graph
from rdflib.compare import isomorphic

from alliancekg.config import DEFAULT_BASE_IRI, Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load
from alliancekg.rdf.entity import entity_graph
from alliancekg.rdf.formats import FORMATS, parse
from alliancekg.rdf.mapping import to_property_graph
from tests.paths import SEEDS
from tests.support import assert_isomorphic, serve_neo4j_api

CLI = [sys.executable, "-m", "alliancekg.cli"]


@pytest.fixture
def loaded(driver: Driver, neo4j_settings: Settings) -> Graph:
    graph = validate_seeds([SEEDS]).graph
    load(driver, neo4j_settings.neo4j_database, to_property_graph(graph))
    return graph


@pytest.fixture
def api(loaded: Graph, neo4j_settings: Settings) -> Iterator[str]:
    with serve_neo4j_api(neo4j_settings) as url:
        yield url


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_cli_export_from_neo4j_in_every_format(
    loaded: Graph, neo4j_env: dict[str, str], name: str
) -> None:
    result = subprocess.run(
        [*CLI, "export", "--from", "neo4j", "--format", name],
        env=neo4j_env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert_isomorphic(loaded, parse(result.stdout, FORMATS[name]))


def test_cli_ntriples_to_a_file_streams_and_replaces_it_whole(
    loaded: Graph, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("old content\n", encoding="utf-8")
    result = subprocess.run(
        [*CLI, "export", "--from", "neo4j", "--format", "nt", "-o", str(target)],
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {len(loaded)} triples to {target}" in result.stderr
    assert_isomorphic(loaded, parse(target.read_bytes(), FORMATS["nt"]))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_api_export_negotiates_each_media_type(api: str, loaded: Graph, name: str) -> None:
    fmt = FORMATS[name]
    response = httpx.get(f"{api}/export", headers={"Accept": fmt.media_type}, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(fmt.media_type)
    assert_isomorphic(loaded, parse(response.content, fmt))


def test_format_parameter_overrides_accept(api: str, loaded: Graph) -> None:
    response = httpx.get(f"{api}/export?format=nt", headers={"Accept": "text/turtle"}, timeout=60)
    assert response.headers["content-type"].startswith("application/n-triples")
    assert isomorphic(loaded, parse(response.content, FORMATS["nt"]))


def test_unsupported_media_type_is_406_and_unknown_format_422(api: str) -> None:
    response = httpx.get(f"{api}/export", headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 406
    assert response.json()["error"] == "not_acceptable"
    assert httpx.get(f"{api}/export?format=tsv", timeout=30).status_code == 422


def test_entity_from_neo4j_equals_entity_from_seeds(api: str, loaded: Graph) -> None:
    for ident in ("sk-telecom", "k-ai-alliance", "ryu-young-sang", "data"):
        response = httpx.get(
            f"{api}/entities/{ident}", headers={"Accept": "application/n-triples"}, timeout=30
        )
        assert response.status_code == 200, ident
        assert_isomorphic(
            entity_graph(loaded, ident, DEFAULT_BASE_IRI), parse(response.content, FORMATS["nt"])
        )
    assert httpx.get(f"{api}/entities/no-such-firm", timeout=30).status_code == 404


def test_ontology_and_context_are_served(api: str) -> None:
    ontology = httpx.get(f"{api}/ontology", timeout=30)
    assert ontology.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=ontology.text, format="turtle")
    assert len(g) > 500
    as_xml = httpx.get(f"{api}/ontology", headers={"Accept": "application/rdf+xml"}, timeout=30)
    assert isomorphic(g, Graph().parse(data=as_xml.content, format="xml"))
    context = httpx.get(f"{api}/context.jsonld", timeout=30).json()
    assert context["@context"]["org"] == "http://www.w3.org/ns/org#"


def test_ntriples_stream_from_neo4j_comes_in_pieces_and_loses_nothing(
    loaded: Graph, driver: Driver, neo4j_settings: Settings
) -> None:
    from alliancekg.neo4j.read import stream_property_graph
    from alliancekg.rdf.mapping import from_property_graph

    pieces = list(stream_property_graph(driver, neo4j_settings.neo4j_database, page=10))
    assert len(pieces) > 10
    assert all(len(p.nodes) + len(p.rels) <= 10 for p in pieces)
    union = Graph()
    for piece in pieces:
        union += from_property_graph(piece)
    assert_isomorphic(loaded, union)
