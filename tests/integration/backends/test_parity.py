"""Every named question answers the same from the embedded store as from Neo4j.

Each dataset (the analysis fixture, the article's seeds, and the seeds with a member
table of real pages) is loaded into the
real Neo4j and built into the embedded store; every question then runs with
parameters drawn from the data itself (every alliance, firm and person, pairs
of alliances, dates around every join and leave) on both backends. The questions
the embedded backend answers in Python (its fast paths) are also asked of their
SPARQL forms, which must give Neo4j's answer too. Rows must
come in the same order (each query orders its rows); lists inside a row are
compared as multisets, since several Cypher collects have no defined order.
Search compares the entities found, not Lucene's scores. The RDF each backend
serves (the whole graph, streamed N-Triples, every entity) must be isomorphic.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from rdflib import Graph

from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import wipe
from alliancekg.questions.catalogue import query_names
from alliancekg.questions.scan import FAST
from alliancekg.rdf.mapping import to_property_graph
from alliancekg.rdf.propertygraph import PropertyGraph
from tests.paths import FIXTURES, SEEDS
from tests.question_cases import canonical, cases
from tests.support import assert_isomorphic

pytestmark = pytest.mark.integration

DATASETS = {
    "analysis": [FIXTURES / "analysis"],
    "seeds": [SEEDS],
    # two sources that name one firm differently, joined by a judgement
    "identity": [FIXTURES / "identity" / "two-sources", FIXTURES / "identity" / "judged"],
    # subsidiaries in alliances, counted at their top parent with rollup=group
    "groups": [FIXTURES / "groups"],
}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def backends(
    request: pytest.FixtureRequest, session_driver: Driver, neo4j_settings: Settings
) -> Iterator[tuple[Neo4jBackend, EmbeddedBackend, EmbeddedBackend, PropertyGraph]]:
    from alliancekg.neo4j.load import load

    paths: list[Path] = DATASETS[request.param]
    pg = to_property_graph(validate_seeds(paths).graph)
    wipe(session_driver, neo4j_settings.neo4j_database)
    load(session_driver, neo4j_settings.neo4j_database, pg)
    neo4j = Neo4jBackend(neo4j_settings, session_driver)
    embedded = EmbeddedBackend(Settings(NEO4J_URI=None), paths)
    sparql_only = EmbeddedBackend(Settings(NEO4J_URI=None), paths, fast=False)
    yield neo4j, embedded, sparql_only, pg
    wipe(session_driver, neo4j_settings.neo4j_database)


def test_every_question_has_both_forms() -> None:
    from alliancekg.config import home

    assert query_names() == sorted(p.stem for p in home().queries.glob("*.rq"))


def _differences(
    name: str, params: dict[str, Any], expected: list[Any], got: list[Any], label: str
) -> list[str]:
    if name in ("search", "reconcile"):
        expected = [{k: v for k, v in r.items() if k != "score"} for r in expected]
        got = [{k: v for k, v in r.items() if k != "score"} for r in got]
        same = canonical(expected) == canonical(got)
    else:
        same = [canonical(r) for r in expected] == [canonical(r) for r in got]
    if same:
        return []
    return [
        f"{name} {params} ({label}):\n  neo4j:    "
        + json.dumps(expected, ensure_ascii=False, sort_keys=True)[:1500]
        + f"\n  {label}: "
        + json.dumps(got, ensure_ascii=False, sort_keys=True)[:1500]
    ]


def test_same_answers(
    backends: tuple[Neo4jBackend, EmbeddedBackend, EmbeddedBackend, PropertyGraph],
) -> None:
    """Every answer of the embedded backend (its fast paths included) and of every SPARQL
    form (the backend built with ``fast=False``) equals Neo4j's."""
    neo4j, embedded, sparql_only, pg = backends
    asked: set[str] = set()
    differences: list[str] = []
    for name, params in cases(pg):
        asked.add(name)
        expected = neo4j.run(name, params)
        differences += _differences(name, params, expected, embedded.run(name, params), "embedded")
        if name in FAST:
            got = sparql_only.run(name, params)
            differences += _differences(name, params, expected, got, "SPARQL form")
    assert asked == set(query_names())
    differing = sorted({d.split(" ", 1)[0] for d in differences})
    assert not differences, f"in {differing}: {len(differences)} answers differ:\n" + "\n".join(
        differences[:8]
    )


def test_same_rdf(
    backends: tuple[Neo4jBackend, EmbeddedBackend, EmbeddedBackend, PropertyGraph],
) -> None:
    neo4j, embedded, _, pg = backends
    assert_isomorphic(neo4j.graph(), embedded.graph())
    streamed = Graph()
    for piece in embedded.ntriples():
        streamed.parse(data=piece, format="nt")
    assert_isomorphic(neo4j.graph(), streamed)
    for ident in sorted(pg.nodes):
        assert_isomorphic(neo4j.entity(ident), embedded.entity(ident))
