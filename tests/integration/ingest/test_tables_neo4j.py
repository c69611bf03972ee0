"""Tables into a real Neo4j: the corpus table answers as the embedded store does, and a
bad table loads nothing."""

from __future__ import annotations

import subprocess

import pytest
from neo4j import Driver

from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from tests.paths import FIXTURES, SEEDS
from tests.question_cases import canonical
from tests.support import CLI, assert_isomorphic, graph_from_neo4j, load_seeds
from tests.unit.ingest.test_tables import CASES

pytestmark = pytest.mark.integration

TABLES = FIXTURES / "tables"
CORPUS = SEEDS / "tables" / "korean-ai-alliances"


@pytest.mark.parametrize("include_proposed", [False, True])
def test_the_corpus_table_answers_multi_alliance_firms_alike_from_neo4j_and_embedded(
    driver: Driver, neo4j_settings: Settings, include_proposed: bool
) -> None:
    load_seeds(driver, neo4j_settings, SEEDS)
    neo4j = Neo4jBackend(neo4j_settings, driver)
    embedded = EmbeddedBackend(Settings(NEO4J_URI=None), [SEEDS])
    params = {"min_alliances": 2, "include_proposed": include_proposed, "limit": 1000}

    from_neo4j = neo4j.run("multi_alliance_firms", params)
    from_embedded = embedded.run("multi_alliance_firms", params)

    # Rows in the same order; lists inside a row compared as multisets (as the parity
    # test does: several Cypher collects have no defined order).
    assert [canonical(r) for r in from_neo4j] == [canonical(r) for r in from_embedded]
    firms = {r["id"]: r["alliance_count"] for r in from_neo4j}
    # Where pages meet the article: SK Telecom leads alliances the article never names.
    assert firms["sk-telecom"] >= 3
    assert len(firms) >= 4
    assert_isomorphic(validate_seeds([SEEDS]).graph, graph_from_neo4j(driver, neo4j_settings))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_bad_table_loads_nothing(
    driver: Driver, neo4j_settings: Settings, neo4j_env: dict[str, str], case: object
) -> None:
    example = TABLES / "example"
    load_seeds(driver, neo4j_settings, example)
    before = graph_from_neo4j(driver, neo4j_settings)

    result = subprocess.run(
        [*CLI, "load", "--seeds", str(TABLES / "invalid" / case.name)],  # type: ignore[attr-defined]
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1, result.stderr
    assert f":{case.row} " in result.stderr  # type: ignore[attr-defined]
    assert_isomorphic(before, graph_from_neo4j(driver, neo4j_settings))
