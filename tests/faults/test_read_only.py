"""The API cannot change data: no route takes a write method, reads run in read
transactions with a server-side timeout, and only the query files run.

There is no write endpoint. If one is ever added it must be off by default
and need an API key from the settings (docs/security.md); the route tests
below fail until whoever adds it adds that protection and its test here.

One POST exists and reads only: ``POST /reconcile``, because OpenRefine sends a
batch of reconciliation queries form-encoded in a body. It runs the same read
query as ``GET /reconcile`` and is tested below to change nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from neo4j import Driver

from alliancekg.api import create_app
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load
from alliancekg.rdf.mapping import to_property_graph
from tests.faults.support import RecordingDriver, example_url, nonzero_counts, operations
from tests.paths import SEEDS
from tests.support import query_running, serve, swap_query, wait_until

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Routes whose POST only reads (tested below to change nothing).
READ_ONLY_POSTS = {"/reconcile"}
TIMEOUT = 2.0


def all_routes(routes: list[Any]) -> Iterator[Any]:
    """Every route of an app, through included routers and mounted apps."""
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI >= 0.120 includes lazily
            yield from all_routes(list(route.original_router.routes))
        elif hasattr(route, "routes") and not hasattr(route, "methods"):
            yield from all_routes(list(route.routes))
        else:
            yield route


def test_every_route_is_a_safe_method() -> None:
    app = create_app(Settings(NEO4J_URI="bolt://127.0.0.1:1"))
    routes = list(all_routes(list(app.routes)))
    assert len(routes) > 20
    unsafe = [
        (getattr(r, "path", r), sorted(set(getattr(r, "methods", None) or {"?"}) - SAFE_METHODS))
        for r in routes
    ]
    unsafe = [u for u in unsafe if u[1] and not (u[0] in READ_ONLY_POSTS and u[1] == ["POST"])]
    assert not unsafe, (
        "a route that can write needs an API key from the settings, off by default, "
        f"and a test of that here: {unsafe}"
    )
    spec = app.openapi()
    assert {m for m, p, _ in operations(spec) if p not in READ_ONLY_POSTS} == {"get"}
    assert {(m, p) for m, p, _ in operations(spec) if m != "get"} == {
        ("post", p) for p in READ_ONLY_POSTS
    }
    bodies = {p for _, p, op in operations(spec) if "requestBody" in op}
    assert bodies <= READ_ONLY_POSTS


@pytest.fixture
def seeded(driver: Driver, neo4j_settings: Settings) -> Driver:
    load(driver, neo4j_settings.neo4j_database, to_property_graph(validate_seeds([SEEDS]).graph))
    return driver


def app_for(settings: Settings, driver: Driver | None = None) -> FastAPI:
    settings = settings.model_copy(update={"neo4j_timeout": TIMEOUT})
    app: FastAPI = create_app(settings, Neo4jBackend(settings, driver=driver))
    return app


def test_write_methods_are_refused_on_every_path(seeded: Driver, neo4j_settings: Settings) -> None:
    before = nonzero_counts(seeded, neo4j_settings)
    with serve(app_for(neo4j_settings)) as url, httpx.Client(base_url=url, timeout=30) as api:
        spec = api.get("/openapi.json").json()
        urls = {example_url(spec, path, op) for _, path, op in operations(spec)}
        for u in sorted(urls):
            for method in ("POST", "PUT", "PATCH", "DELETE"):
                if method == "POST" and u.split("?")[0] in READ_ONLY_POSTS:
                    continue
                r = api.request(method, u, content=b'{"id": "evil"}')
                assert r.status_code == 405, (method, u, r.status_code)
        for u in sorted(READ_ONLY_POSTS):
            for method in ("PUT", "PATCH", "DELETE"):
                assert api.request(method, u).status_code == 405, (method, u)
    assert nonzero_counts(seeded, neo4j_settings) == before


def test_the_read_only_post_changes_nothing(seeded: Driver, neo4j_settings: Settings) -> None:
    """A reconciliation batch whose names are Cypher and a CREATE finds nothing and
    writes nothing."""
    before = nonzero_counts(seeded, neo4j_settings)
    hostile = {
        "q0": {"query": "SK Telecom"},
        "q1": {"query": "') CREATE (n:Company {id: 'evil'}) //"},
        "q2": {"query": "x", "properties": [{"pid": "alliance", "v": "'}) DETACH DELETE n //"}]},
    }
    with serve(app_for(neo4j_settings)) as url, httpx.Client(base_url=url, timeout=30) as api:
        r = api.post("/reconcile", data={"queries": json.dumps(hostile)})
    assert r.status_code == 200, r.text
    assert r.json()["q0"]["result"][0]["id"] == "sk-telecom"
    assert nonzero_counts(seeded, neo4j_settings) == before
    evil = seeded.execute_query(
        "MATCH (n) WHERE n.id STARTS WITH 'evil' RETURN count(n) AS n",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert evil[0]["n"] == 0


def test_a_query_that_writes_is_refused_by_the_server(
    seeded: Driver, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a query file ever to write, the read transaction would refuse it."""
    swap_query(monkeypatch, "company", "CREATE (n:Company {id: 'evil-' + $id}) RETURN n.id AS id")
    before = nonzero_counts(seeded, neo4j_settings)
    with serve(app_for(neo4j_settings)) as url, httpx.Client(base_url=url, timeout=30) as api:
        r = api.get("/companies/sk-telecom")
    assert r.status_code >= 400
    assert nonzero_counts(seeded, neo4j_settings) == before
    evil = seeded.execute_query(
        "MATCH (n) WHERE n.id STARTS WITH 'evil-' RETURN count(n) AS n",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert evil[0]["n"] == 0


SLOW = "UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n, $id AS id"


def slow_query_running(driver: Driver, database: str) -> bool:
    return query_running(driver, database, "UNWIND range")


def test_a_slow_read_is_stopped_by_the_server_and_answers_503_in_time(
    seeded: Driver, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    swap_query(monkeypatch, "company", SLOW)
    db = neo4j_settings.neo4j_database
    with serve(app_for(neo4j_settings)) as url, httpx.Client(base_url=url, timeout=30) as api:
        start = time.monotonic()
        r = api.get("/companies/sk-telecom")
        took = time.monotonic() - start
        # The server itself gave up on it, while the API still holds its connection:
        # the transaction timeout reached Neo4j.
        wait_until(lambda: not slow_query_running(seeded, db), 1.5, "the server ends the slow read")
    assert r.status_code == 503, r.text
    assert r.json()["error"] == "neo4j_unavailable"
    assert took < TIMEOUT + 1.0


def test_rdf_reads_send_a_server_side_timeout(
    seeded: Driver, fault_driver: Driver, neo4j_settings: Settings
) -> None:
    recorder = RecordingDriver(fault_driver)
    app = app_for(neo4j_settings, recorder)  # type: ignore[arg-type,unused-ignore]
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as api:
        for path in ("/entities/sk-telecom", "/export?format=turtle", "/export?format=nt"):
            assert api.get(path).status_code == 200
    assert recorder.calls
    assert all(mode == "r" for _, _, _, mode in recorder.calls)
    assert all(timeout for _, _, timeout, _ in recorder.calls), [
        text.splitlines()[0] for text, _, timeout, _ in recorder.calls if not timeout
    ]
