"""Fault, bad-input and hostile-input tests: a real Neo4j, real HTTP.

Every test here needs Neo4j (marked ``integration``, so that with
``ALLIANCEKG_REQUIRE_NEO4J=1`` a skip fails the run). The tests that stop,
kill or freeze the server need it to be the ``scripts/neo4j-local`` server
that ``NEO4J_URI`` points at (``NEO4J_LOCAL_HOME`` names its home when it is
not the default); they never touch any other process, and they leave it
running.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from alliancekg.config import Settings
from tests.faults.support import LocalNeo4j, find_local_neo4j

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def fault_driver(session_driver: Driver) -> Driver:
    """The session's driver, under the name the fault tests use for their own checks."""
    return session_driver


@pytest.fixture(scope="session")
def local_neo4j(neo4j_settings: Settings) -> Iterator[LocalNeo4j]:
    """The server the tests may stop, kill and freeze; running again afterwards."""
    found = find_local_neo4j(neo4j_settings)
    if isinstance(found, str):
        message = "fault tests that stop Neo4j need a scripts/neo4j-local server: " + found
        if os.environ.get("ALLIANCEKG_REQUIRE_NEO4J") == "1":
            pytest.fail(message)
        pytest.skip(message)
    yield found
    found.ensure_running()


@pytest.fixture
def server(local_neo4j: LocalNeo4j) -> Iterator[LocalNeo4j]:
    """``local_neo4j``, checked to be up (and thawed) after each test, whatever it did."""
    local_neo4j.ensure_running()
    yield local_neo4j
    local_neo4j.ensure_running()
