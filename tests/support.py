"""Helpers shared by the tests that talk to Neo4j and to the served API."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from neo4j import Driver
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from alliancekg.api.app import HTTP_PROTOCOL
from alliancekg.backends import base as backend_module
from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load
from alliancekg.neo4j.read import read_property_graph
from alliancekg.questions.catalogue import NamedQuery, named_query
from alliancekg.rdf.mapping import from_property_graph, to_property_graph

CLI = [sys.executable, "-m", "alliancekg.cli"]


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Isomorphism, with the triples on each side only when it fails."""
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["graphs differ", "only in expected:"]
    lines += sorted(f"  {t[0].n3()} {t[1].n3()} {t[2].n3()}" for t in only_expected)[:40]
    lines += ["only in actual:"]
    lines += sorted(f"  {t[0].n3()} {t[1].n3()} {t[2].n3()}" for t in only_actual)[:40]
    pytest.fail("\n".join(lines))


def graph_from_neo4j(driver: Driver, settings: Settings) -> Graph:
    graph: Graph = from_property_graph(read_property_graph(driver, settings.neo4j_database))
    return graph


def load_seeds(driver: Driver, settings: Settings, *inputs: Path) -> None:
    """Validate seed files and load them, as ``alliancekg load`` does."""
    graph = validate_seeds(list(inputs)).graph
    load(driver, settings.neo4j_database, to_property_graph(graph))


def query_running(driver: Driver, database: str, prefix: str) -> bool:
    """Whether the server is running a query whose text starts with ``prefix`` right now."""
    records = driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery STARTS WITH $prefix "
        "RETURN count(*) AS n",
        prefix=prefix,
        database_=database,
    ).records
    return bool(records[0]["n"])


def running_write(driver: Driver, database: str) -> bool:
    """Whether the server is running one of the loader's UNWIND batches right now."""
    return query_running(driver, database, "UNWIND $rows")


def blocked_write_locks(driver: Driver, database: str) -> int | None:
    """Locks held by the loader's write while it waits for a lock another transaction
    holds; None while no UNWIND batch of the loader is waiting."""
    records = driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery, status, activeLockCount "
        "WHERE currentQuery STARTS WITH 'UNWIND $rows' AND status STARTS WITH 'Blocked' "
        "RETURN max(activeLockCount) AS locks",
        database_=database,
    ).records
    locks = records[0]["locks"]
    return None if locks is None else int(locks)


def new_membership_ids(old: Graph, new: Graph) -> list[str]:
    """The ids of the memberships a load of ``new`` over ``old`` creates."""
    before = to_property_graph(old).rels
    return [
        r.id
        for key, r in to_property_graph(new).rels.items()
        if r.type == "MEMBER_OF" and r.id is not None and key not in before
    ]


@contextmanager
def memberships_held(driver: Driver, database: str, ids: list[str]) -> Iterator[None]:
    """An open write transaction that has created MEMBER_OF relationships with ``ids``
    (between nodes with no label: nothing a load owns), rolled back on leaving.

    A load that creates a membership with one of these ids waits at that statement, for
    this transaction to end (the unique constraint on the id), with the nodes it wrote
    before still uncommitted: it can be interrupted there, every time, rather than
    wherever a poll happens to catch it.
    """
    with driver.session(database=database) as session:
        tx = session.begin_transaction()
        try:
            tx.run("UNWIND $ids AS id CREATE ()-[:MEMBER_OF {id: id}]->()", ids=ids).consume()
            yield
        finally:
            with suppress(Exception):  # the server may have been killed meanwhile
                tx.rollback()


@contextmanager
def load_waiting_mid_write(
    driver: Driver, database: str, env: dict[str, str], seeds: Path, held: list[str]
) -> Iterator[subprocess.Popen[bytes]]:
    """``alliancekg load --seeds seeds``, stopped well into its write: it has written every
    node it creates, uncommitted, and waits to create a membership whose id the test holds
    (:func:`memberships_held`). The caller interrupts it there (a load that committed as it
    went would have left its nodes behind); the process is killed on leaving if it lives."""
    with memberships_held(driver, database, held):
        proc = subprocess.Popen(
            [*CLI, "load", "--seeds", str(seeds)],
            env=dict(env, ALLIANCEKG_BATCH_SIZE="50"),  # many statements before the wait
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        try:
            wait_until(
                lambda: proc.poll() is not None or blocked_write_locks(driver, database),
                180,
                "the load waits to create a membership",
                step=0.05,
            )
            assert proc.poll() is None, "the load ended before it reached the memberships"
            assert (blocked_write_locks(driver, database) or 0) >= 1500
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)


def write_locks(driver: Driver, database: str) -> int | None:
    """Locks held by the loader's running write, None while no UNWIND batch runs."""
    records = driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery, activeLockCount "
        "WHERE currentQuery STARTS WITH 'UNWIND $rows' RETURN max(activeLockCount) AS locks",
        database_=database,
    ).records
    locks = records[0]["locks"]
    return None if locks is None else int(locks)


def wait_until(condition: object, timeout: float, what: str, step: float = 0.1) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting until {what}")
        time.sleep(step)


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free 127.0.0.1 port in a thread; yield its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on",
            http=HTTP_PROTOCOL,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("the API server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        if thread.is_alive():
            raise RuntimeError("the API server did not stop within 15 s")


@contextmanager
def serve_neo4j_api(settings: Settings) -> Iterator[str]:
    """The real app on a Neo4j backend, served over HTTP; yield its URL."""
    from alliancekg.api import create_app
    from alliancekg.backends.neo4j import Neo4jBackend

    backend = Neo4jBackend(settings)
    try:
        with serve(create_app(settings, backend)) as url:
            yield url
    finally:
        backend.close()


@contextmanager
def api_on_seeds(
    backend_name: str, driver: Driver, settings: Settings, paths: list[Path]
) -> Iterator[httpx.Client]:
    """The real app over HTTP on these seeds: loaded into Neo4j (``backend_name``
    "neo4j", the database wiped first) or in the embedded store ("embedded")."""
    from alliancekg.api import create_app
    from alliancekg.backends import Backend
    from alliancekg.backends.embedded import EmbeddedBackend
    from alliancekg.backends.neo4j import Neo4jBackend
    from alliancekg.neo4j.load import wipe

    backend: Backend
    if backend_name == "neo4j":
        wipe(driver, settings.neo4j_database)
        load_seeds(driver, settings, *paths)
        backend = Neo4jBackend(settings)  # its own driver: the app closes it
    else:
        settings = Settings(NEO4J_URI=None)
        backend = EmbeddedBackend(settings, paths)
    with serve(create_app(settings, backend)) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def wait_for_health(
    proc: subprocess.Popen[Any], base: str, timeout: float, log: Callable[[], str] | None = None
) -> httpx.Response:
    """``GET base/health`` once the server that ``proc`` started listens; fails with the
    server's output (``log``) if the process ends first, or after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, log() if log is not None else "the server exited"
        try:
            return httpx.get(f"{base}/health", timeout=2)
        except httpx.TransportError:
            assert time.monotonic() < deadline, "the API did not start"
            time.sleep(0.3)


def swap_query(monkeypatch: pytest.MonkeyPatch, name: str, cypher: str) -> None:
    """Make the backend run ``cypher`` for the named question ``name`` (same parameters)."""
    real = named_query(name)
    fake = NamedQuery(name, real.title, real.doc, cypher, real.defaults, real.param_lines)
    monkeypatch.setattr(
        backend_module, "named_query", lambda n: fake if n == name else named_query(n)
    )
