"""Answers tagged with the graph's version, conditional requests, and the answers cache,
over HTTP on the real app: a repeated question is answered without asking the database
again while the graph has not changed, and never after it has."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from neo4j import Driver

from alliancekg.api import create_app
from alliancekg.api.caching import MAX_KEPT_BYTES, Conditional, Kept
from alliancekg.backends.cached import CachedBackend
from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.exc import Neo4jUnavailable
from alliancekg.neo4j.load import wipe
from tests.paths import FIXTURES, SEEDS
from tests.support import api_on_seeds, load_seeds, serve

pytestmark = pytest.mark.integration

MINIMAL = FIXTURES / "valid" / "minimal"


@pytest.fixture(scope="module", params=["neo4j", "embedded"])
def api(
    request: pytest.FixtureRequest, session_driver: Driver, neo4j_settings: Settings
) -> Iterator[httpx.Client]:
    with api_on_seeds(request.param, session_driver, neo4j_settings, [SEEDS]) as client:
        yield client


def test_an_answer_carries_a_tag_and_a_repeated_request_naming_it_gets_304(
    api: httpx.Client,
) -> None:
    first = api.get("/companies/sk-telecom")
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"  # ALLIANCEKG_CACHE_SECONDS=0
    assert "Accept" in first.headers["vary"]

    again = api.get("/companies/sk-telecom", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    # another question, or another form of the same, is another tag
    other = api.get("/companies/kt", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    turtle = api.get("/export", headers={"Accept": "text/turtle"})
    ntriples = api.get("/export", headers={"Accept": "application/n-triples"})
    assert turtle.headers["etag"] != ntriples.headers["etag"]
    # errors are not tagged, and /health always asks
    assert "etag" not in api.get("/companies/no-such-firm").headers
    assert "etag" not in api.get("/health").headers


@pytest.fixture
def neo4j_app(
    session_driver: Driver, neo4j_settings: Settings
) -> Iterator[tuple[httpx.Client, CachedBackend]]:
    wipe(session_driver, neo4j_settings.neo4j_database)
    load_seeds(session_driver, neo4j_settings, MINIMAL)
    settings = neo4j_settings.model_copy(update={"cache_seconds": 3600})
    app = create_app(settings, Neo4jBackend(settings))
    backend = app.state.backend
    assert isinstance(backend, CachedBackend)
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client, backend


def test_within_the_window_a_repeated_question_does_not_reach_neo4j(
    neo4j_app: tuple[httpx.Client, CachedBackend], session_driver: Driver, neo4j_settings: Settings
) -> None:
    client, backend = neo4j_app
    first = client.get("/companies/alpha-soft")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "max-age=3600"
    # The firm goes from the database behind the API's back: within the window the
    # API still answers as before, from what it kept.
    session_driver.execute_query(
        "MATCH (n {id: 'alpha-soft'}) DETACH DELETE n", database_=neo4j_settings.neo4j_database
    )
    kept = client.get("/companies/alpha-soft")
    assert kept.status_code == 200 and kept.json() == first.json()
    assert kept.headers["etag"] == first.headers["etag"]
    # Once the window is over, the API asks, sees a new version, and answers anew.
    backend.seconds = 0
    gone = client.get("/companies/alpha-soft", headers={"If-None-Match": first.headers["etag"]})
    assert gone.status_code == 404


class _SlowNeo4j(Neo4jBackend):
    """A real Neo4j backend whose version reads take 0.2 s longer (a busy database), so
    that requests arriving together are still in flight together; it counts the reads."""

    reads = 0

    async def aversion(self) -> str:
        self.reads += 1
        await asyncio.sleep(0.2)
        return await super().aversion()

    def version(self) -> str:
        self.reads += 1
        time.sleep(0.2)
        return super().version()


def test_requests_that_find_the_version_due_together_read_it_once(
    neo4j_settings: Settings,
) -> None:
    inner = _SlowNeo4j(neo4j_settings)
    backend = CachedBackend(inner, 0.5, 16)

    async def together(n: int) -> list[str | None]:
        return await asyncio.gather(*(backend.aversion() for _ in range(n)))

    try:
        first = asyncio.run(together(32))
        assert len(set(first)) == 1 and first[0] is not None
        assert inner.reads == 1
        time.sleep(0.6)  # the window ends: the next requests read it again, once
        assert asyncio.run(together(32)) == first
        assert inner.reads == 2
        time.sleep(0.6)
        with ThreadPoolExecutor(16) as pool:
            assert list(pool.map(lambda _: backend.version(), range(16))) == first[:1] * 16
        assert inner.reads == 3
        # With no window each request asks for itself, after it arrived.
        backend.seconds = 0
        asyncio.run(together(4))
        assert inner.reads == 7
    finally:
        inner.close()


def test_requests_waiting_for_a_version_read_that_fails_all_get_its_error(
    neo4j_settings: Settings,
) -> None:
    down = neo4j_settings.model_copy(
        update={"neo4j_uri": "bolt://127.0.0.1:9", "neo4j_timeout": 5.0}
    )
    inner = _SlowNeo4j(down)
    backend = CachedBackend(inner, 60, 16)

    async def together(n: int) -> list[object]:
        return await asyncio.gather(*(backend.aversion() for _ in range(n)), return_exceptions=True)

    try:
        failures = asyncio.run(together(8))
        assert all(isinstance(f, Neo4jUnavailable) for f in failures), failures
        assert inner.reads == 1
        # the failure is not kept: the next request asks again
        assert isinstance(asyncio.run(together(1))[0], Neo4jUnavailable)
        assert inner.reads == 2
    finally:
        inner.close()


def test_a_load_that_writes_changes_the_tag_and_one_that_writes_nothing_does_not(
    session_driver: Driver, neo4j_settings: Settings
) -> None:
    wipe(session_driver, neo4j_settings.neo4j_database)
    load_seeds(session_driver, neo4j_settings, MINIMAL)
    app = create_app(neo4j_settings, Neo4jBackend(neo4j_settings))
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        before = client.get("/alliances/ab-alliance")
        etag = before.headers["etag"]

        load_seeds(session_driver, neo4j_settings, MINIMAL)  # no change: nothing written
        assert (
            client.get("/alliances/ab-alliance", headers={"If-None-Match": etag}).status_code == 304
        )

        load_seeds(session_driver, neo4j_settings, SEEDS)  # another graph
        after = client.get("/alliances/ab-alliance", headers={"If-None-Match": etag})
        assert after.status_code == 404
        firm = client.get("/companies/sk-telecom")
        assert firm.status_code == 200 and firm.headers["etag"] != etag


def test_the_cache_keeps_at_most_its_number_of_answers() -> None:
    settings = Settings(NEO4J_URI=None, ALLIANCEKG_CACHE_ENTRIES=2)
    backend = CachedBackend(EmbeddedBackend(settings, [MINIMAL]), 3600, 2)
    for ident in ("alpha-soft", "beta-cloud", "gamma-data", "alpha-soft"):
        backend.run("company", {"id": ident})
    # alpha-soft was the least recently used when gamma-data came: asked again, it missed
    assert (backend.hits, backend.misses) == (0, 4)
    backend.run("company", {"id": "alpha-soft"})
    assert backend.hits == 1
    assert len(backend._answers) == 2


def test_kept_responses_are_bounded_in_number_and_bytes() -> None:
    kept = Conditional(app=None, entries=2)  # type: ignore[arg-type]
    for key in ("a", "b", "c"):
        kept._keep(key, Kept([], b"x" * 10))
    assert list(kept._kept) == ["b", "c"]
    big = Conditional(app=None, entries=1000)  # type: ignore[arg-type]
    for i in range(70):
        big._keep(str(i), Kept([], b"x" * (1 << 20)))
    assert big._bytes <= MAX_KEPT_BYTES and len(big._kept) == MAX_KEPT_BYTES >> 20
