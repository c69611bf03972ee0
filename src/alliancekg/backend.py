"""Where answers come from: a backend runs a named question with parameters.

:class:`Neo4jBackend` runs ``queries/<name>.cypher`` in read transactions
with a timeout. The API and the CLI talk to a backend, never to a driver.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase, Query, RoutingControl
from neo4j import exceptions as nx
from rdflib import Graph

from .config import Settings
from .exc import Neo4jUnavailable, NotFound, UsageError
from .export import ntriples
from .neo4j_store import (
    neo4j_errors,
    out_of_memory,
    read_entity,
    read_property_graph,
    server_info,
    stream_property_graph,
)
from .params import FOR_CYPHER, prepare
from .pgmap import from_property_graph, property_graph_triples
from .queries import bind, named_query

T = TypeVar("T")

# Seconds a call may run past NEO4J_TIMEOUT before the caller stops waiting for it.
GRACE = 0.5
# Calls that may wait on a server at once; beyond that, answer "unavailable" at once.
MAX_WAITING_CALLS = 64


def without_index_keys(value: Any) -> Any:
    """The answer without derived, index-only properties (``_search``), which ``n {.*}``
    would otherwise return: they are not data."""
    if isinstance(value, dict):
        return {k: without_index_keys(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [without_index_keys(v) for v in value]
    return value


class DaemonThreads:
    """Threads that run calls and are kept for the next one: a call that never returns
    keeps its thread, and no thread keeps the process from exiting (a
    ``ThreadPoolExecutor`` joins its threads at exit). The callers bound how many
    calls run at once."""

    def __init__(self) -> None:
        self._tasks: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0

    def submit(self, call: Callable[[], T]) -> Future[T]:
        pending: Future[T] = Future()
        with self._lock:
            spawn = self._idle == 0
            if not spawn:
                self._idle -= 1
        self._tasks.put((call, pending))
        if spawn:
            threading.Thread(target=self._serve, name="neo4j-call", daemon=True).start()
        return pending

    def _serve(self) -> None:
        while True:
            call, pending = self._tasks.get()
            try:
                pending.set_result(call())
            except BaseException as e:
                pending.set_exception(e)
            with self._lock:
                self._idle += 1


class Backend(Protocol):
    name: str

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...

    async def arun(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """:meth:`run` for an event loop (the API): the same answer and errors."""
        ...

    def graph(self) -> Graph:
        """The whole graph as RDF."""
        ...

    def entity(self, ident: str) -> Graph:
        """One entity and the facts that point at it; :class:`NotFound` if unknown."""
        ...

    def ntriples(self) -> Iterator[bytes]:
        """The whole graph as N-Triples, in pieces, in bounded memory."""
        ...

    def health(self) -> dict[str, Any]: ...

    def close(self) -> None: ...

    async def aclose(self) -> None:
        """Release what :meth:`arun` holds (from the event loop it ran in)."""
        ...


class Neo4jBackend:
    """Answers from a Neo4j server; survives the server going away and coming back."""

    name = "neo4j"

    def __init__(
        self,
        settings: Settings,
        driver: Driver | None = None,
        async_driver: Callable[[], AsyncDriver] | None = None,
    ) -> None:
        self.settings = settings
        self.uri = settings.neo4j_uri or ""
        self._driver = driver
        self._slots = threading.BoundedSemaphore(MAX_WAITING_CALLS)
        self._callers = DaemonThreads()
        # The API's reads go through an asyncio driver, tied to the loop that made it.
        self._adriver: AsyncDriver | None = None
        self._make_adriver = async_driver or (
            lambda: AsyncGraphDatabase.driver(self.uri, **self._driver_options())
        )
        self._adriver_loop: asyncio.AbstractEventLoop | None = None
        self._awaiting = 0

    def _bounded(self, call: Callable[[], T], timeout: float | None = None) -> T:
        """``call()`` with a deadline of ``timeout`` (default NEO4J_TIMEOUT) plus
        :data:`GRACE` seconds.

        Once a query is sent the driver waits on its socket without limit, so a
        frozen server (a stalled JVM, a network black hole) would hang the caller
        and, one request at a time, the whole API. The call runs in one of the
        backend's daemon threads, which stays blocked until the server answers
        or the socket dies; the caller gets :class:`Neo4jUnavailable` in time.
        """
        if not self._slots.acquire(blocking=False):
            raise Neo4jUnavailable(self.uri, "too many queries are waiting for the server")

        def work() -> T:
            try:
                return call()
            finally:
                self._slots.release()

        pending = self._callers.submit(work)
        timeout = self.settings.neo4j_timeout if timeout is None else timeout
        try:
            return pending.result(timeout + GRACE)
        except FutureTimeout:
            raise Neo4jUnavailable(self.uri, f"no answer within {timeout:g} s") from None

    @property
    def driver(self) -> Driver:
        if self._driver is None:
            with neo4j_errors(self.uri):
                try:
                    self._driver = GraphDatabase.driver(self.uri, **self._driver_options())
                except ValueError as e:
                    raise Neo4jUnavailable(self.uri, f"bad URI: {e}") from e
        return self._driver

    def _driver_options(self) -> dict[str, Any]:
        return {
            "auth": (self.settings.neo4j_user, self.settings.neo4j_password),
            "connection_timeout": self.settings.neo4j_timeout,
            "connection_acquisition_timeout": self.settings.neo4j_timeout,
            "max_transaction_retry_time": 0,
            "notifications_min_severity": "OFF",
        }

    @contextmanager
    def _query_errors(self, query: str) -> Iterator[None]:
        """Driver errors of a named question as the project's errors."""
        with neo4j_errors(self.uri):
            try:
                yield
            except nx.TransientError as e:
                if (too_large := out_of_memory(self.uri, e)) is not None:
                    raise too_large from e
                raise Neo4jUnavailable(self.uri, f"query did not finish: {e.message}") from e
            except nx.ClientError as e:
                # Neo4j 5 reports its transaction timeout as a client error.
                if e.code and "TransactionTimedOut" in e.code:
                    raise Neo4jUnavailable(self.uri, f"query did not finish: {e.message}") from e
                if e.code and ("DatabaseNotFound" in e.code or "Security" in e.code):
                    raise
                raise UsageError(f"Neo4j refused query '{query}': {e.message}") from e

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        q = named_query(query)
        values = prepare(bind(q, params), FOR_CYPHER)

        def read() -> list[dict[str, Any]]:
            with self._query_errors(query):
                records, _, _ = self.driver.execute_query(
                    Query(q.cypher, timeout=self.settings.neo4j_timeout),
                    values,
                    database_=self.settings.neo4j_database,
                    routing_=RoutingControl.READ,
                )
            return [without_index_keys(r.data()) for r in records]

        return self._bounded(read)

    def _async_driver(self) -> AsyncDriver:
        loop = asyncio.get_running_loop()
        if self._adriver is None or self._adriver_loop is not loop:
            # A driver from a loop that has ended cannot be closed from this one; drop it.
            with neo4j_errors(self.uri):
                try:
                    self._adriver = self._make_adriver()
                except ValueError as e:
                    raise Neo4jUnavailable(self.uri, f"bad URI: {e}") from e
            self._adriver_loop = loop
        return self._adriver

    async def arun(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """:meth:`run` without a thread per call: the asyncio driver, with the same
        deadline (NEO4J_TIMEOUT plus :data:`GRACE`) and the same bound on waiting calls."""
        q = named_query(query)
        values = prepare(bind(q, params), FOR_CYPHER)
        if self._awaiting >= MAX_WAITING_CALLS:
            raise Neo4jUnavailable(self.uri, "too many queries are waiting for the server")
        driver = self._async_driver()
        timeout = self.settings.neo4j_timeout

        async def read() -> list[Any]:
            with self._query_errors(query):
                records, _, _ = await driver.execute_query(
                    Query(q.cypher, timeout=timeout),
                    values,
                    database_=self.settings.neo4j_database,
                    routing_=RoutingControl.READ,
                )
            return records

        self._awaiting += 1
        try:
            records = await asyncio.wait_for(read(), timeout + GRACE)
        except TimeoutError:
            raise Neo4jUnavailable(self.uri, f"no answer within {timeout:g} s") from None
        finally:
            self._awaiting -= 1
        return [without_index_keys(r.data()) for r in records]

    def graph(self) -> Graph:
        def read() -> Any:
            with neo4j_errors(self.uri):
                return read_property_graph(
                    self.driver,
                    self.settings.neo4j_database,
                    timeout=self.settings.neo4j_export_timeout,
                )

        pg = self._bounded(read, self.settings.neo4j_export_timeout)
        return from_property_graph(pg, self.settings.base_iri)

    def entity(self, ident: str) -> Graph:
        def read() -> Any:
            with neo4j_errors(self.uri):
                return read_entity(
                    self.driver,
                    self.settings.neo4j_database,
                    ident,
                    timeout=self.settings.neo4j_timeout,
                )

        pg = self._bounded(read)
        if pg is None:
            raise NotFound("entity", ident)
        return from_property_graph(pg, self.settings.base_iri)

    def ntriples(self) -> Iterator[bytes]:
        def start() -> Iterator[Any]:
            with neo4j_errors(self.uri):
                return stream_property_graph(
                    self.driver,
                    self.settings.neo4j_database,
                    timeout=self.settings.neo4j_export_timeout,
                )

        pieces = self._bounded(start)

        def following() -> Any:
            with neo4j_errors(self.uri):
                return next(pieces, None)

        while (piece := self._bounded(following)) is not None:
            yield ntriples(property_graph_triples(piece, self.settings.base_iri))

    def health(self) -> dict[str, Any]:
        info = self._bounded(lambda: server_info(self.driver, self.settings))
        return {
            "backend": self.name,
            "neo4j": {
                "reachable": True,
                "uri": self.uri,
                "version": info.version,
                "edition": info.edition,
                "database": info.database,
            },
        }

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    async def aclose(self) -> None:
        if self._adriver is not None and self._adriver_loop is asyncio.get_running_loop():
            await self._adriver.close()
        self._adriver = None
        self._adriver_loop = None


def make_backend(settings: Settings) -> Backend:
    """Neo4j when ``NEO4J_URI`` is set; otherwise the embedded store, built from the seeds."""
    if settings.neo4j_uri:
        return Neo4jBackend(settings)
    from .embedded import EmbeddedBackend

    return EmbeddedBackend(settings)
