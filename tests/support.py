"""Helpers shared by the tests that talk to Neo4j and to the served API."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from neo4j import Driver
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from alliancekg import backend as backend_module
from alliancekg.api.app import HTTP_PROTOCOL
from alliancekg.config import Settings
from alliancekg.neo4j_store import load, read_property_graph
from alliancekg.pgmap import from_property_graph, to_property_graph
from alliancekg.queries import NamedQuery, named_query
from alliancekg.validation import validate_seeds

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


def swap_query(monkeypatch: pytest.MonkeyPatch, name: str, cypher: str) -> None:
    """Make the backend run ``cypher`` for the named question ``name`` (same parameters)."""
    real = named_query(name)
    fake = NamedQuery(name, real.title, real.doc, cypher, real.defaults, real.param_lines)
    monkeypatch.setattr(
        backend_module, "named_query", lambda n: fake if n == name else named_query(n)
    )
