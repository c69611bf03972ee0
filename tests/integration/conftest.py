from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver

from alliancekg.api import create_app
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.neo4j.load import wipe
from tests.integration.questions import expected_analysis as ex
from tests.support import serve

pytestmark = pytest.mark.integration


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "integration" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="module")
def analysis_graph(session_driver: Driver, neo4j_settings: Settings) -> Iterator[None]:
    """tests/fixtures/analysis loaded once per module; the graph is wiped before and after."""
    wipe(session_driver, neo4j_settings.neo4j_database)
    ex.load_analysis(session_driver, neo4j_settings)
    yield
    wipe(session_driver, neo4j_settings.neo4j_database)


@pytest.fixture(scope="module")
def api(analysis_graph: None, neo4j_settings: Settings) -> Iterator[httpx.Client]:
    """The real app, served over HTTP on the analysis fixture."""
    backend = Neo4jBackend(neo4j_settings)
    with (
        serve(create_app(neo4j_settings, backend)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        yield client
    backend.close()
