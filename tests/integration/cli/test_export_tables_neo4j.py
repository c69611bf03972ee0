"""Table and network exports from Neo4j, through the CLI and the API: a zip of CSV files
and a workbook that read back as the loaded graph, GraphML and GEXF that networkx
parses, each with its media type, by ``?format=`` and by the Accept header."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pytest
from neo4j import Driver
from rdflib import Graph
from rdflib.namespace import RDF

from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load
from alliancekg.ontology.vocab import AKG
from alliancekg.rdf.mapping import to_property_graph
from alliancekg.tables.formats import TABLE_FORMATS
from tests.paths import SEEDS
from tests.support import CLI, assert_isomorphic, serve_neo4j_api

INPUTS = [SEEDS]


@pytest.fixture
def loaded(driver: Driver, neo4j_settings: Settings) -> Graph:
    graph = validate_seeds(INPUTS).graph
    load(driver, neo4j_settings.neo4j_database, to_property_graph(graph))
    return graph


@pytest.fixture
def api(loaded: Graph, neo4j_settings: Settings) -> Iterator[str]:
    with serve_neo4j_api(neo4j_settings) as url:
        yield url


def read_back(folder: Path) -> Graph:
    shutil.copytree(SEEDS / "texts", folder / "texts")
    return validate_seeds([folder]).graph


def check(name: str, body: bytes, loaded: Graph, tmp_path: Path) -> None:
    """The body of a table or network export holds the loaded graph."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    if name == "csv":
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            zf.extractall(tmp_path / "csv")
        assert_isomorphic(loaded, read_back(tmp_path / "csv"))
    elif name == "xlsx":
        (tmp_path / "xlsx").mkdir()
        (tmp_path / "xlsx" / "kg.xlsx").write_bytes(body)
        assert_isomorphic(loaded, read_back(tmp_path / "xlsx"))
    else:
        (tmp_path / f"g.{name}").write_bytes(body)
        g = (
            nx.read_graphml(tmp_path / f"g.{name}")
            if name == "graphml"
            else nx.read_gexf(tmp_path / f"g.{name}")
        )
        orgs = set(loaded.subjects(RDF.type, AKG.Organization))
        memberships = set(loaded.subjects(RDF.type, AKG.Membership))
        assert (g.number_of_nodes(), g.number_of_edges()) == (len(orgs), len(memberships))


@pytest.mark.parametrize("name", sorted(TABLE_FORMATS))
def test_api_export_by_format_parameter_and_by_accept_header(
    api: str, loaded: Graph, tmp_path: Path, name: str
) -> None:
    fmt = TABLE_FORMATS[name]
    by_param = httpx.get(f"{api}/export", params={"format": name}, timeout=60)
    by_accept = httpx.get(f"{api}/export", headers={"Accept": fmt.media_type}, timeout=60)

    for response in (by_param, by_accept):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == fmt.media_type
        assert f'filename="alliancekg.{fmt.extension}"' in response.headers["content-disposition"]
    check(name, by_param.content, loaded, tmp_path / "param")
    if name == "xlsx":  # a workbook records when it was written
        check(name, by_accept.content, loaded, tmp_path / "accept")
    else:
        assert by_param.content == by_accept.content


def test_api_export_refuses_a_media_type_it_does_not_serve(api: str) -> None:
    response = httpx.get(f"{api}/export", headers={"Accept": "text/csv"}, timeout=60)

    assert response.status_code == 406
    assert "application/graphml+xml" in response.json()["detail"]


@pytest.mark.parametrize("name", ["csv", "xlsx", "graphml"])
def test_cli_export_from_neo4j_as_tables_and_networks(
    loaded: Graph, neo4j_env: dict[str, str], tmp_path: Path, name: str
) -> None:
    out = tmp_path / ("kg.zip" if name == "csv" else f"kg.{name}")
    result = subprocess.run(
        [*CLI, "export", "--from", "neo4j", "--format", name, "-o", str(out)],
        env=neo4j_env,
        capture_output=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    check(name, out.read_bytes(), loaded, tmp_path)
