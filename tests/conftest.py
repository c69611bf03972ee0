"""Shared fixtures. Integration tests need a real Neo4j, found in this order:

1. ``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``);
2. a ``neo4j:5.26-community`` container through testcontainers, when Docker answers;
3. otherwise they skip, saying how to get a server. With
   ``ALLIANCEKG_REQUIRE_NEO4J=1`` (set by scripts/test when it started Neo4j
   itself) they fail instead of skipping.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from neo4j import Driver

from alliancekg.config import Settings
from alliancekg.neo4j.connect import open_driver, server_info
from alliancekg.neo4j.load import wipe

# Tests change the graph and ask again at once: answers are checked against the graph's
# version before each one (tests/integration/api/test_caching.py covers longer windows).
os.environ.setdefault("ALLIANCEKG_CACHE_SECONDS", "0")
# Every API answer is also validated against its route's response model.
os.environ.setdefault("ALLIANCEKG_CHECK_RESPONSES", "1")
# The compiled shapes' parts are kept for this run only, not in the user's cache.
os.environ.setdefault("ALLIANCEKG_CACHE_DIR", tempfile.mkdtemp(prefix="alliancekg-test-cache-"))

HOW_TO = (
    "integration tests need Neo4j: run `scripts/neo4j-local start` and export the "
    "NEO4J_* lines it prints, set NEO4J_URI to your own server, or install Docker "
    "for testcontainers"
)


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer("neo4j:5.26-community", password="alliancekg-test") as container:
            yield Settings(
                NEO4J_URI=container.get_connection_url(),
                NEO4J_USER="neo4j",
                NEO4J_PASSWORD="alliancekg-test",
            )
        return
    if os.environ.get("ALLIANCEKG_REQUIRE_NEO4J") == "1":
        pytest.fail("ALLIANCEKG_REQUIRE_NEO4J=1 but no Neo4j: " + HOW_TO)
    pytest.skip(HOW_TO)


@pytest.fixture(scope="session")
def neo4j_env(neo4j_settings: Settings) -> dict[str, str]:
    """The environment a subprocess needs to reach the test Neo4j."""
    env = dict(os.environ)
    env.update(
        NEO4J_URI=neo4j_settings.neo4j_uri or "",
        NEO4J_USER=neo4j_settings.neo4j_user,
        NEO4J_PASSWORD=neo4j_settings.neo4j_password,
        NEO4J_DATABASE=neo4j_settings.neo4j_database,
    )
    return env


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Name the Neo4j the integration tests will use, with its version, at the top of the log."""
    if not os.environ.get("NEO4J_URI"):
        return ["neo4j: NEO4J_URI not set (testcontainers if Docker answers, else skip)"]
    from alliancekg.exc import Neo4jUnavailable
    from alliancekg.neo4j.connect import open_driver, server_info

    settings = Settings()
    try:
        driver = open_driver(settings)
    except Neo4jUnavailable as e:
        return [f"neo4j: {e}"]
    try:
        info = server_info(driver, settings)
    finally:
        driver.close()
    return [f"neo4j: Neo4j {info.version} {info.edition} at {info.uri}, database {info.database}"]


_integration_outcomes: dict[str, int] = {"passed": 0, "skipped": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "integration" in report.keywords and report.when in ("setup", "call"):
        if report.skipped:
            _integration_outcomes["skipped"] += 1
        elif report.passed and report.when == "call":
            _integration_outcomes["passed"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ALLIANCEKG_REQUIRE_NEO4J=1 a skipped integration test fails the run."""
    if os.environ.get("ALLIANCEKG_REQUIRE_NEO4J") != "1":
        return
    if _integration_outcomes["skipped"]:
        print(
            f"\nALLIANCEKG_REQUIRE_NEO4J=1 and {_integration_outcomes['skipped']} integration "
            "tests were skipped"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def session_driver(neo4j_settings: Settings) -> Iterator[Driver]:
    driver = open_driver(neo4j_settings)
    info = server_info(driver, neo4j_settings)
    print(f"\nintegration tests run against Neo4j {info.version} {info.edition} at {info.uri}")
    yield driver
    driver.close()


@pytest.fixture
def driver(session_driver: Driver, neo4j_settings: Settings) -> Iterator[Driver]:
    """A driver on a graph that holds nothing of ours; what the test writes is wiped after."""
    wipe(session_driver, neo4j_settings.neo4j_database)
    yield session_driver
    wipe(session_driver, neo4j_settings.neo4j_database)
