"""Where answers come from: a backend runs a named question with parameters.

:class:`Neo4jBackend` runs ``queries/<name>.cypher`` in read transactions
with a timeout. The API and the CLI talk to a backend, never to a driver.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from neo4j import Driver, GraphDatabase, Query, RoutingControl
from neo4j import exceptions as nx
from rdflib import Graph

from .config import Settings
from .exc import Neo4jUnavailable, NotFound
from .neo4j_store import (
    neo4j_errors,
    read_entity,
    read_property_graph,
    server_info,
    stream_property_graph,
)
from .pgmap import from_property_graph
from .queries import bind, named_query


class Backend(Protocol):
    name: str

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...

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


class Neo4jBackend:
    """Answers from a Neo4j server; survives the server going away and coming back."""

    name = "neo4j"

    def __init__(self, settings: Settings, driver: Driver | None = None) -> None:
        self.settings = settings
        self.uri = settings.neo4j_uri or ""
        self._driver = driver

    @property
    def driver(self) -> Driver:
        if self._driver is None:
            with neo4j_errors(self.uri):
                try:
                    self._driver = GraphDatabase.driver(
                        self.uri,
                        auth=(self.settings.neo4j_user, self.settings.neo4j_password),
                        connection_timeout=self.settings.neo4j_timeout,
                        connection_acquisition_timeout=self.settings.neo4j_timeout,
                        max_transaction_retry_time=0,
                        notifications_min_severity="OFF",
                    )
                except ValueError as e:
                    raise Neo4jUnavailable(self.uri, f"bad URI: {e}") from e
        return self._driver

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        q = named_query(query)
        with neo4j_errors(self.uri):
            try:
                records, _, _ = self.driver.execute_query(
                    Query(q.cypher, timeout=self.settings.neo4j_timeout),
                    bind(q, params),
                    database_=self.settings.neo4j_database,
                    routing_=RoutingControl.READ,
                )
            except nx.TransientError as e:
                raise Neo4jUnavailable(self.uri, f"query did not finish: {e.message}") from e
        return [r.data() for r in records]

    def graph(self) -> Graph:
        with neo4j_errors(self.uri):
            pg = read_property_graph(self.driver, self.settings.neo4j_database)
        return from_property_graph(pg, self.settings.base_iri)

    def entity(self, ident: str) -> Graph:
        with neo4j_errors(self.uri):
            pg = read_entity(self.driver, self.settings.neo4j_database, ident)
        if pg is None:
            raise NotFound("entity", ident)
        return from_property_graph(pg, self.settings.base_iri)

    def ntriples(self) -> Iterator[bytes]:
        with neo4j_errors(self.uri):
            for piece in stream_property_graph(self.driver, self.settings.neo4j_database):
                yield from_property_graph(piece, self.settings.base_iri).serialize(
                    format="nt", encoding="utf-8"
                )

    def health(self) -> dict[str, Any]:
        info = server_info(self.driver, self.settings)
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


def make_backend(settings: Settings) -> Backend:
    if settings.neo4j_uri:
        return Neo4jBackend(settings)
    raise Neo4jUnavailable(
        "(NEO4J_URI not set)",
        "no Neo4j configured: set NEO4J_URI, "
        "or run scripts/neo4j-local start and export what it prints",
    )
