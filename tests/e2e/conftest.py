"""End-to-end tests: Neo4j Browser in headless Chromium against the Neo4j under test.

They need Chromium (``/usr/bin/chromium``, from ``scripts/install-browser``),
the Neo4j that ``neo4j_settings`` gives (``NEO4J_URI``), and its Browser at
``NEO4J_HTTP_URL`` (default http://127.0.0.1:7474). Without Chromium they skip,
saying how to install it, unless ``ALLIANCEKG_REQUIRE_NEO4J=1`` (set by
scripts/test when it started Neo4j itself): then they fail. They are marked
``integration`` as well, so a run that requires Neo4j also fails when they skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.connect import open_driver
from alliancekg.neo4j.load import load, wipe
from alliancekg.rdf.mapping import to_property_graph
from tests.paths import SEEDS

from .neo4j_browser import chromium_missing


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: drives Neo4j Browser in headless Chromium (scripts/install-browser)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    problem = chromium_missing()
    if problem is None:
        return
    if os.environ.get("ALLIANCEKG_REQUIRE_NEO4J") == "1":
        pytest.fail(f"ALLIANCEKG_REQUIRE_NEO4J=1 but the browser tests cannot run: {problem}")
    pytest.skip(f"browser tests skipped: {problem}")


@pytest.fixture(scope="module")
def seeded(neo4j_settings: Settings) -> Iterator[Settings]:
    """The Neo4j under test holding exactly the seeds; wiped afterwards."""
    driver = open_driver(neo4j_settings)
    database = neo4j_settings.neo4j_database
    try:
        wipe(driver, database)
        load(driver, database, to_property_graph(validate_seeds([SEEDS]).graph))
        yield neo4j_settings
        wipe(driver, database)
    finally:
        driver.close()
