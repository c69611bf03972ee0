"""Connecting to Neo4j: one driver factory, and driver errors as the project's errors.

The driver is built here and passed in; nothing connects at import time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase, RoutingControl
from neo4j import exceptions as nx

from ..config import Settings
from ..exc import Neo4jUnavailable, TooLarge
from .statements import read_query

T = TypeVar("T")

# Seconds a pooled connection may sit idle before it is checked again before use.
LIVENESS_CHECK_AFTER = 1.0

TOO_LARGE_ADVICE = (
    "Raise the server's limit (db.memory.transaction.total.max, which defaults to 70% of "
    "the heap, or the heap itself), ask for less (a page: limit and offset), or load in "
    "several transactions (alliancekg load --commit-every N)"
)


def _first_line(text: str | None) -> str:
    return text.splitlines()[0] if text else ""


def out_of_memory(uri: str, e: BaseException) -> TooLarge | None:
    """The error to raise when Neo4j refused work for want of transaction memory."""
    code = getattr(e, "code", None)
    if isinstance(e, nx.TransientError) and code and "MemoryPoolOutOfMemoryError" in code:
        return TooLarge(uri, _first_line(e.message), TOO_LARGE_ADVICE)
    return None


def _refused(e: BaseException | None) -> bool:
    """Whether a connection was refused somewhere in the chain of causes (asyncio words
    it "Connect call failed")."""
    seen = 0
    while e is not None and seen < 10:
        if isinstance(e, ConnectionRefusedError):
            return True
        e, seen = e.__cause__ or e.__context__, seen + 1
    return False


def _cause(e: BaseException) -> str:
    if isinstance(e, nx.AuthError):
        return "authentication failed (check NEO4J_USER and NEO4J_PASSWORD)"
    if isinstance(e, nx.ClientError) and e.code and "DatabaseNotFound" in e.code:
        return "the database does not exist (check NEO4J_DATABASE)"
    if isinstance(e, nx.ConfigurationError | ValueError):
        return f"bad connection settings: {e}"
    text = str(e)
    if "refused" in text.lower() or _refused(e):
        return "connection refused (is the server running?)"
    if isinstance(e, nx.ServiceUnavailable | nx.SessionExpired | OSError):
        first = text.splitlines()[0] if text else type(e).__name__
        return f"unreachable ({first})"
    return f"{type(e).__name__}: {text.splitlines()[0] if text else ''}"


@contextlib.contextmanager
def neo4j_errors(uri: str) -> Iterator[None]:
    """Turn driver errors that mean "Neo4j cannot be used" into :class:`Neo4jUnavailable`."""
    try:
        yield
    except (
        nx.ServiceUnavailable,
        nx.SessionExpired,
        nx.AuthError,
        nx.ConfigurationError,
        OSError,
    ) as e:
        raise Neo4jUnavailable(uri, _cause(e)) from e
    except (nx.DriverError, nx.DatabaseError, nx.TransientError) as e:
        if (too_large := out_of_memory(uri, e)) is not None:
            raise too_large from e
        # A connection that breaks mid-read (the server stopping) surfaces as one of
        # these rather than ServiceUnavailable: the server cannot be used either way.
        raise Neo4jUnavailable(
            uri,
            f"the server stopped answering ({type(e).__name__}: "
            f"{str(e).splitlines()[0] if str(e) else ''})",
        ) from e
    except nx.ClientError as e:
        if e.code and ("DatabaseNotFound" in e.code or "Security" in e.code):
            raise Neo4jUnavailable(uri, _cause(e)) from e
        raise


def driver_options(settings: Settings) -> dict[str, Any]:
    """The options every driver of the project is built with, sync or async.

    Calls carry their own deadlines (NEO4J_TIMEOUT), so the driver does not retry a
    failed transaction on its own (``max_transaction_retry_time=0``): an error comes
    back as the project's error at once. A pooled connection idle for over a second
    is checked before use, so one that died with a server restart is replaced rather
    than failing the next call.
    """
    return {
        "auth": (settings.neo4j_user, settings.neo4j_password),
        "connection_timeout": settings.neo4j_timeout,
        "connection_acquisition_timeout": settings.neo4j_timeout,
        "max_transaction_retry_time": 0,
        "liveness_check_timeout": LIVENESS_CHECK_AFTER,
        "notifications_min_severity": "OFF",
    }


def _built(factory: Callable[..., T], settings: Settings) -> T:
    uri = settings.neo4j_uri or ""
    with neo4j_errors(uri):
        try:
            return factory(uri, **driver_options(settings))
        except ValueError as e:
            raise Neo4jUnavailable(uri, f"bad URI: {e}") from e


def new_driver(settings: Settings) -> Driver:
    """A driver for the configured Neo4j (not yet connected), or :class:`Neo4jUnavailable`
    for a URI the driver cannot use."""
    return _built(GraphDatabase.driver, settings)


def new_async_driver(settings: Settings) -> AsyncDriver:
    """:func:`new_driver` for an event loop: the same options."""
    return _built(AsyncGraphDatabase.driver, settings)


def open_driver(settings: Settings) -> Driver:
    """A driver for the configured Neo4j, checked to answer, or :class:`Neo4jUnavailable`."""
    driver = new_driver(settings)
    with neo4j_errors(settings.neo4j_uri or ""):
        try:
            driver.verify_connectivity()
            # verify_connectivity does not touch the database: ask it something.
            driver.execute_query(
                "RETURN 1", database_=settings.neo4j_database, routing_=RoutingControl.READ
            )
        except BaseException:
            driver.close()
            raise
    return driver


@dataclass
class ServerInfo:
    uri: str
    address: str
    version: str
    edition: str
    database: str


def server_info(driver: Driver, settings: Settings) -> ServerInfo:
    with neo4j_errors(settings.neo4j_uri or ""):
        records, _, _ = driver.execute_query(
            read_query("meta/components.cypher"),
            database_=settings.neo4j_database,
            routing_=RoutingControl.READ,
        )
        info = driver.get_server_info()
    return ServerInfo(
        uri=settings.neo4j_uri or "",
        address=str(info.address),
        version=records[0]["version"],
        edition=records[0]["edition"],
        database=settings.neo4j_database,
    )
