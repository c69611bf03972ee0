"""Answers from a Neo4j server: each question's Cypher form (``queries/<name>.cypher``),
in read transactions with deadlines; the graph read back as RDF; and the load."""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from neo4j import READ_ACCESS, AsyncDriver, Driver, Query, RoutingControl
from neo4j import exceptions as nx
from rdflib import Graph

from ..config import Settings
from ..exc import Neo4jUnavailable, NotFound, Problem, UsageError
from ..ingest.fingerprint import file_hashes
from ..neo4j.connect import (
    ServerInfo,
    neo4j_errors,
    new_async_driver,
    new_driver,
    open_driver,
    out_of_memory,
    server_info,
)
from ..neo4j.load import Progress, Summary, load, wipe
from ..neo4j.read import (
    counts,
    read_entity,
    read_property_graph,
    stream_property_graph,
    version_token,
)
from ..neo4j.statements import read_query
from ..ontology.model import model
from ..questions.catalogue import NamedQuery
from ..questions.params import FOR_CYPHER
from ..rdf.mapping import from_property_graph
from ..rdf.ntriples import PropertyGraphWriter
from ..rdf.propertygraph import PropertyGraph
from .base import Answer, Backend
from .loads import LastLoad, keep_load, last_load

T = TypeVar("T")

# Seconds a call may run past NEO4J_TIMEOUT before the caller stops waiting for it.
GRACE = 0.5
# Calls that may wait on a server at once; beyond that, answer "unavailable" at once.
MAX_WAITING_CALLS = 64


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


def _plain(records: list[Any]) -> Answer:
    """Each record as a dict of its values. The questions return maps, lists and values,
    never graph objects (the parity tests compare every answer with the embedded store's
    plain ones), so ``Record.data()``, which walks every value looking for nodes, is not
    needed."""
    return [dict(zip(r.keys(), r.values(), strict=True)) for r in records]


class Neo4jBackend(Backend):
    """Answers from a Neo4j server; survives the server going away and coming back."""

    name: ClassVar[str] = "neo4j"
    param_forms = FOR_CYPHER

    def __init__(
        self,
        settings: Settings,
        driver: Driver | None = None,
        async_driver: Callable[[], AsyncDriver] | None = None,
    ) -> None:
        super().__init__(settings)
        self.uri = settings.neo4j_uri or ""
        self._driver = driver
        self._slots = threading.BoundedSemaphore(MAX_WAITING_CALLS)
        self._callers = DaemonThreads()
        # The API's reads go through an asyncio driver, tied to the loop that made it.
        self._adriver: AsyncDriver | None = None
        self._make_adriver = async_driver or (lambda: new_async_driver(self.settings))
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
            self._driver = new_driver(self.settings)
        return self._driver

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

    @property
    def _read_session(self) -> dict[str, Any]:
        """A session of one read on its own: no bookmarks to wait for or to keep."""
        return {
            "database": self.settings.neo4j_database,
            "default_access_mode": READ_ACCESS,
            "bookmark_manager": None,
        }

    def public(self, q: NamedQuery, answer: Answer) -> Answer:
        # only a whole property map can bring an index-only property (see _plain)
        return super().public(q, answer) if q.whole_maps else answer

    def answer(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        def read() -> Answer:
            with self._query_errors(q.name):
                records, _, _ = self.driver.execute_query(
                    Query(q.cypher, timeout=self.settings.neo4j_timeout),
                    values,
                    database_=self.settings.neo4j_database,
                    routing_=RoutingControl.READ,
                )
            return _plain(records)

        return self._bounded(read)

    def _async_driver(self) -> AsyncDriver:
        loop = asyncio.get_running_loop()
        if self._adriver is None or self._adriver_loop is not loop:
            # A driver from a loop that has ended cannot be closed from this one; drop it.
            self._adriver = self._make_adriver()
            self._adriver_loop = loop
        return self._adriver

    async def _adeadline(self, read: Awaitable[T]) -> T:
        """``read`` awaited with :meth:`_bounded`'s deadline (NEO4J_TIMEOUT plus
        :data:`GRACE`): :class:`Neo4jUnavailable` when it has not answered by then."""
        timeout = self.settings.neo4j_timeout
        try:
            return await asyncio.wait_for(read, timeout + GRACE)
        except TimeoutError:
            raise Neo4jUnavailable(self.uri, f"no answer within {timeout:g} s") from None

    async def aanswer(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        """:meth:`answer` without a thread per call: the asyncio driver, with the same
        deadline (NEO4J_TIMEOUT plus :data:`GRACE`) and the same bound on waiting calls.

        One auto-commit read, not the driver's ``execute_query``: a request is not
        retried for half a minute (it gets 503 and may ask again), and no BEGIN and
        COMMIT go to the server (about 1.5x the uncached look-ups per second at 10^4)."""
        if self._awaiting >= MAX_WAITING_CALLS:
            raise Neo4jUnavailable(self.uri, "too many queries are waiting for the server")
        driver = self._async_driver()
        timeout = self.settings.neo4j_timeout

        async def read() -> list[Any]:
            with self._query_errors(q.name):
                async with driver.session(**self._read_session) as session:
                    result = await session.run(Query(q.cypher, timeout=timeout), values)
                    return [r async for r in result]

        self._awaiting += 1
        try:
            records = await self._adeadline(read())
        finally:
            self._awaiting -= 1
        return _plain(records)

    def version(self) -> str:
        """The bookmark of a read transaction, which names the last transaction the
        database committed: any write, a load's included, changes it."""

        def read() -> str:
            with (
                self._query_errors("version"),
                self.driver.session(**self._read_session) as session,
            ):
                timeout = self.settings.neo4j_timeout
                session.run(Query(read_query("meta/version.cypher"), timeout=timeout)).consume()
                return version_token(session.last_bookmarks())

        return self._bounded(read)

    async def aversion(self) -> str:
        driver = self._async_driver()
        timeout = self.settings.neo4j_timeout

        async def read() -> str:
            with self._query_errors("version"):
                async with driver.session(**self._read_session) as session:
                    result = await session.run(
                        Query(read_query("meta/version.cypher"), timeout=timeout)
                    )
                    await result.consume()
                    return version_token(await session.last_bookmarks())

        return await self._adeadline(read())

    def property_graph(self) -> PropertyGraph:
        """Everything the loader owns in the graph."""

        def read() -> PropertyGraph:
            with neo4j_errors(self.uri):
                return read_property_graph(
                    self.driver,
                    self.settings.neo4j_database,
                    timeout=self.settings.neo4j_export_timeout,
                )

        return self._bounded(read, self.settings.neo4j_export_timeout)

    def graph(self) -> Graph:
        return from_property_graph(self.property_graph(), self.settings.base_iri)

    def entity(self, ident: str) -> Graph:
        def read() -> PropertyGraph | None:
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
        def start() -> Iterator[PropertyGraph]:
            with neo4j_errors(self.uri):
                return stream_property_graph(
                    self.driver,
                    self.settings.neo4j_database,
                    timeout=self.settings.neo4j_export_timeout,
                )

        pieces = self._bounded(start)

        def following() -> PropertyGraph | None:
            with neo4j_errors(self.uri):
                return next(pieces, None)

        writer = PropertyGraphWriter(self.settings.base_iri, model())
        while (piece := self._bounded(following)) is not None:
            yield writer.write(piece)

    def health(self) -> dict[str, Any]:
        return self._health(self._bounded(lambda: server_info(self.driver, self.settings)))

    async def ahealth(self) -> dict[str, Any]:
        """:meth:`health` in one auto-commit read on the asyncio driver: the server's
        address comes with the answer's summary, not from a second exchange."""
        driver = self._async_driver()
        timeout = self.settings.neo4j_timeout

        async def read() -> ServerInfo:
            with neo4j_errors(self.uri):
                async with driver.session(**self._read_session) as session:
                    result = await session.run(
                        Query(read_query("meta/components.cypher"), timeout=timeout)
                    )
                    record = await result.single(strict=True)
                    summary = await result.consume()
            return ServerInfo(
                uri=self.uri,
                address=str(summary.server.address),
                version=record["version"],
                edition=record["edition"],
                database=self.settings.neo4j_database,
            )

        return self._health(await self._adeadline(read()))

    def _health(self, info: ServerInfo) -> dict[str, Any]:
        return {
            "backend": self.name,
            "neo4j": {
                "reachable": True,
                "uri": self.uri,
                "address": info.address,
                "version": info.version,
                "edition": info.edition,
                "database": info.database,
            },
        }

    def load(
        self,
        wanted: PropertyGraph,
        progress: Progress | None = None,
        commit_every: int | None = None,
        verify: bool = False,
        sessions: int | None = None,
    ) -> Summary:
        """Make the graph hold exactly ``wanted`` (see :func:`alliancekg.neo4j.load.load`);
        ``sessions`` defaults to ALLIANCEKG_WRITE_SESSIONS. Not bounded by NEO4J_TIMEOUT:
        a load takes as long as it takes."""
        driver = open_driver(self.settings) if self._driver is None else self._driver
        self._driver = driver
        return load(
            driver,
            self.settings.neo4j_database,
            wanted,
            self.uri,
            progress,
            commit_every=commit_every,
            batch_size=self.settings.batch_size,
            verify=verify,
            sessions=sessions or self.settings.write_sessions,
        )

    def already_loaded(self, seeds: str) -> LastLoad | None:
        """The last load into this database from this machine (:mod:`.loads`), when it
        was made from seed files with the fingerprint ``seeds`` and the same source
        texts, and the database has committed nothing since: the graph holds what that
        load wrote. None otherwise."""
        last = last_load(self.uri, self.settings.neo4j_database)
        if last is None or last.seeds != seeds:
            return None
        if file_hashes(Path(p) for p in last.texts) != last.texts:
            return None
        return last if self.version() == last.version else None

    def remember_load(
        self, seeds: str, texts: Iterable[Path], summary: Summary, warnings: Iterable[Problem]
    ) -> None:
        """Keep what a load that has committed was made from (see :meth:`already_loaded`)."""
        if summary.version is None:
            return
        held = {
            name: summary.created[name] + summary.updated[name] + summary.unchanged[name]
            for name in summary.names()
        }
        kept = LastLoad(
            seeds=seeds,
            texts=file_hashes(texts),
            version=summary.version,
            held={name: n for name, n in held.items() if n},
            warnings=list(warnings),
        )
        keep_load(self.uri, self.settings.neo4j_database, kept)

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type."""
        return self._bounded(lambda: counts(self.driver, self.settings.neo4j_database))

    def wipe(self) -> None:
        """Delete everything the loader owns (nothing else in the database)."""
        with neo4j_errors(self.uri):
            wipe(self.driver, self.settings.neo4j_database)

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    async def aclose(self) -> None:
        if self._adriver is not None and self._adriver_loop is asyncio.get_running_loop():
            await self._adriver.close()
        self._adriver = None
        self._adriver_loop = None
