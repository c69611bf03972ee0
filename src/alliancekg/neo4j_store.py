"""The Neo4j store: connecting, the schema, the all-or-nothing load, reading back.

The driver is built by :func:`open_driver` and passed in; nothing connects at
import time. A load runs in one write transaction: it reads what the graph
holds, computes the difference with the seed graph, and writes only that. A
load that fails or is killed before its commit leaves the graph as it was;
run again, it completes. A graph too large for the server's transaction
memory loads with ``commit_every``, in several transactions.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import neo4j
from neo4j import Driver, GraphDatabase, ManagedTransaction, Query, RoutingControl
from neo4j import exceptions as nx

from .config import Settings
from .cypher import load_statement, read_query
from .exc import Neo4jUnavailable, TooLarge
from .export import FACT_SECTIONS
from .model import Model, model
from .pgmap import SEARCH_KEY, Node, PropertyGraph, Rel

NAME_INDEX_LABELS = ["Organization", "Person", "Segment"]

# Rows per UNWIND statement; ALLIANCEKG_BATCH_SIZE overrides it.
BATCH = int(os.environ.get("ALLIANCEKG_BATCH_SIZE", "5000"))


# --------------------------------------------------------------------------- connecting


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


def open_driver(settings: Settings) -> Driver:
    """A driver for the configured Neo4j, checked to answer, or :class:`Neo4jUnavailable`."""
    uri = settings.neo4j_uri or ""
    with neo4j_errors(uri):
        try:
            driver = GraphDatabase.driver(
                uri,
                auth=(settings.neo4j_user, settings.neo4j_password),
                connection_timeout=settings.neo4j_timeout,
                connection_acquisition_timeout=settings.neo4j_timeout,
                max_transaction_retry_time=settings.neo4j_timeout,
                liveness_check_timeout=0,
                notifications_min_severity="OFF",
            )
        except ValueError as e:
            raise Neo4jUnavailable(uri, f"bad URI: {e}") from e
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
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN versions[0] AS version, edition",
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


# --------------------------------------------------------------------------- schema


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def ensure_schema(driver: Driver, database: str, m: Model | None = None) -> None:
    """Unique ids per label and per relationship type, and the name index; idempotent."""
    m = m or model()
    for label in m.node_labels():
        driver.execute_query(
            load_statement("node_constraint", label=label, name=f"{_snake(label)}_id"),
            database_=database,
        )
    for cls in m.classes.values():
        if cls.rel_type is not None:
            driver.execute_query(
                load_statement(
                    "rel_constraint", type=cls.rel_type, name=f"{cls.rel_type.lower()}_id"
                ),
                database_=database,
            )
    current = driver.execute_query(
        read_query("load/name_index_definition.cypher"), database_=database
    ).records
    if current and (
        sorted(current[0]["labelsOrTypes"]) != NAME_INDEX_LABELS
        or current[0]["properties"] != [SEARCH_KEY]
        or current[0]["analyzer"] != "cjk"
    ):
        driver.execute_query(read_query("load/drop_name_index.cypher"), database_=database)
    driver.execute_query(read_query("load/name_index.cypher"), database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


# --------------------------------------------------------------------------- reading


def read_property_graph(
    driver: Driver,
    database: str,
    m: Model | None = None,
    tx: ManagedTransaction | neo4j.Transaction | None = None,
    timeout: float | None = None,
) -> PropertyGraph:
    """Everything the loader owns in the graph, as a :class:`PropertyGraph`."""
    m = m or model()
    params = {"labels": m.node_labels(), "types": m.rel_types()}
    node_q = read_query("load/existing_nodes.cypher")
    rel_q = read_query("load/existing_rels.cypher")
    if tx is not None:
        nodes = list(tx.run(node_q, params))
        rels = list(tx.run(rel_q, params))
    else:
        nodes = driver.execute_query(
            Query(node_q, timeout=timeout),
            params,
            database_=database,
            routing_=RoutingControl.READ,
        ).records
        rels = driver.execute_query(
            Query(rel_q, timeout=timeout),
            params,
            database_=database,
            routing_=RoutingControl.READ,
        ).records
    pg = PropertyGraph()
    for r in nodes:
        labels = set(r["labels"])
        cls = m.class_for_labels(labels)
        pg.nodes[r["id"]] = Node(r["id"], cls, tuple(m.labels_of(cls)), dict(r["props"]))
    for r in rels:
        rel_id = r["id"] if m.class_for_rel_type(r["type"]) is not None else None
        pg.add_rel(Rel(r["type"], r["start"], r["end"], rel_id, dict(r["props"])))
    return pg


def stream_property_graph(
    driver: Driver,
    database: str,
    page: int = 2000,
    m: Model | None = None,
    timeout: float | None = None,
) -> Iterator[PropertyGraph]:
    """The graph in pieces of at most ``page`` nodes or relationships.

    Results are pulled from the server as they are consumed, so memory stays
    bounded however large the graph is.
    """
    m = m or model()
    params = {"labels": m.node_labels(), "types": m.rel_types()}
    with driver.session(
        database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=page
    ) as session:
        piece = PropertyGraph()
        for r in session.run(
            Query(read_query("load/existing_nodes.cypher"), timeout=timeout), params
        ):
            cls = m.class_for_labels(set(r["labels"]))
            piece.nodes[r["id"]] = Node(r["id"], cls, tuple(m.labels_of(cls)), dict(r["props"]))
            if len(piece.nodes) >= page:
                yield piece
                piece = PropertyGraph()
        for r in session.run(
            Query(read_query("load/existing_rels.cypher"), timeout=timeout), params
        ):
            rel_id = r["id"] if m.class_for_rel_type(r["type"]) is not None else None
            piece.add_rel(Rel(r["type"], r["start"], r["end"], rel_id, dict(r["props"])))
            if len(piece.nodes) + len(piece.rels) >= page:
                yield piece
                piece = PropertyGraph()
        if piece.nodes or piece.rels:
            yield piece


def read_entity(
    driver: Driver,
    database: str,
    ident: str,
    m: Model | None = None,
    timeout: float | None = None,
) -> PropertyGraph | None:
    """One entity with the facts that point at it, or None when there is no such id."""
    m = m or model()
    facts = [c for c in m.classes.values() if c.section in FACT_SECTIONS]
    params = {
        "id": ident,
        "labels": m.node_labels(),
        "types": m.rel_types(),
        "fact_rel_types": sorted(c.rel_type for c in facts if c.rel_type),
        "fact_labels": sorted(c.label for c in facts if c.label),
    }
    records = driver.execute_query(
        Query(read_query("load/entity.cypher"), timeout=timeout),
        params,
        database_=database,
        routing_=RoutingControl.READ,
    ).records
    if not records:
        return None
    r = records[0]
    pg = PropertyGraph()

    def add_node(node_id: str, labels: list[str], props: dict[str, Any]) -> None:
        cls = m.class_for_labels(set(labels))
        pg.nodes[node_id] = Node(node_id, cls, tuple(m.labels_of(cls)), dict(props))

    def add_rels(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if row["type"] is None:
                continue
            rel_id = row["id"] if m.class_for_rel_type(row["type"]) is not None else None
            pg.add_rel(Rel(row["type"], row["start"], row["end"], rel_id, dict(row["props"])))

    add_node(r["id"], r["labels"], r["props"])
    add_rels(r["own"])
    add_rels(r["facts"])
    for fact in r["fact_nodes"]:
        add_node(fact["id"], fact["labels"], fact["props"])
        add_rels(fact["rels"])
    return pg


# --------------------------------------------------------------------------- loading


@dataclass
class Summary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def names(self) -> list[str]:
        return sorted(
            set(self.created) | set(self.updated) | set(self.deleted) | set(self.unchanged)
        )


@dataclass
class Plan:
    """What a load will write: the difference between the graph and the seeds."""

    delete_rels: list[Rel] = field(default_factory=list)
    delete_nodes: list[Node] = field(default_factory=list)
    upsert_nodes: list[Node] = field(default_factory=list)
    create_rels: list[Rel] = field(default_factory=list)
    update_rels: list[Rel] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)

    @property
    def steps(self) -> int:
        return sum(
            len(x)
            for x in (
                self.delete_rels,
                self.delete_nodes,
                self.upsert_nodes,
                self.create_rels,
                self.update_rels,
            )
        )


def _normal(props: dict[str, Any]) -> dict[str, Any]:
    return {k: sorted(v) if isinstance(v, list) else v for k, v in props.items()}


def plan(current: PropertyGraph, wanted: PropertyGraph) -> Plan:
    p = Plan()
    s = p.summary
    replaced: set[str] = set()
    for ident, old in current.nodes.items():
        maybe = wanted.nodes.get(ident)
        if maybe is None or set(maybe.labels) != set(old.labels):
            p.delete_nodes.append(old)
            s.deleted[old.labels[0]] += 1
            replaced.add(ident)
    for ident, new in wanted.nodes.items():
        before = current.nodes.get(ident)
        if before is None or ident in replaced:
            p.upsert_nodes.append(new)
            s.created[new.labels[0]] += 1
        elif _normal(before.props) != _normal(new.props):
            p.upsert_nodes.append(new)
            s.updated[new.labels[0]] += 1
        else:
            s.unchanged[new.labels[0]] += 1
    for key, old_rel in current.rels.items():
        gone = old_rel.start in replaced or old_rel.end in replaced
        if key not in wanted.rels or gone:
            if not gone:
                p.delete_rels.append(old_rel)
            s.deleted[old_rel.type] += 1
    for key, new_rel in wanted.rels.items():
        prior = current.rels.get(key)
        if prior is None or prior.start in replaced or prior.end in replaced:
            p.create_rels.append(new_rel)
            s.created[new_rel.type] += 1
        elif _normal(prior.props) != _normal(new_rel.props):
            p.update_rels.append(new_rel)
            s.updated[new_rel.type] += 1
        else:
            s.unchanged[new_rel.type] += 1
    return p


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


def _grouped(
    items: list[Any], key: Callable[[Any], tuple[str, ...]]
) -> dict[tuple[str, ...], list[Any]]:
    groups: dict[tuple[str, ...], list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def apply_plan(
    tx: neo4j.Transaction | _Chunked,
    p: Plan,
    wanted: PropertyGraph,
    current: PropertyGraph,
    advance: Callable[[int], None],
) -> None:
    def label_of(ident: str) -> str:
        node = wanted.nodes.get(ident) or current.nodes[ident]
        return node.labels[0]

    # 1. relationships that go, then nodes that go (with what hangs on them)
    for (rtype, has_id), rels in _grouped(
        p.delete_rels, lambda r: (r.type, str(r.id is not None))
    ).items():
        if has_id == "True":
            q = load_statement("delete_rels_by_id", type=rtype)
            for batch in _batches(rels):
                tx.run(q, ids=[r.id for r in batch]).consume()
                advance(len(batch))
        else:
            by_ends = _grouped(
                rels, lambda r: (current.nodes[r.start].labels[0], current.nodes[r.end].labels[0])
            )
            for (start, end), group in by_ends.items():
                q = load_statement("delete_plain_rels", type=rtype, start=start, end=end)
                for batch in _batches(group):
                    tx.run(q, rows=[{"start": r.start, "end": r.end} for r in batch]).consume()
                    advance(len(batch))
    for (label,), nodes in _grouped(p.delete_nodes, lambda n: (n.labels[0],)).items():
        q = load_statement("delete_nodes", label=label)
        for batch in _batches(nodes):
            tx.run(q, ids=[n.id for n in batch]).consume()
            advance(len(batch))
    # 2. nodes, then relationships between them
    for labels, nodes in _grouped(p.upsert_nodes, lambda n: n.labels).items():
        q = load_statement("upsert_nodes", label=labels[0], labels=list(labels))
        for batch in _batches(nodes):
            tx.run(q, rows=[{"id": n.id, "props": n.props} for n in batch]).consume()
            advance(len(batch))
    for (rtype, start, end), rels in _grouped(
        p.create_rels, lambda r: (r.type, label_of(r.start), label_of(r.end))
    ).items():
        q = load_statement("create_rels", type=rtype, start=start, end=end)
        for batch in _batches(rels):
            tx.run(
                q, rows=[{"start": r.start, "end": r.end, "props": r.props} for r in batch]
            ).consume()
            advance(len(batch))
    for (rtype,), rels in _grouped(p.update_rels, lambda r: (r.type,)).items():
        q = load_statement("update_rels", type=rtype)
        for batch in _batches(rels):
            tx.run(q, rows=[{"id": r.id, "props": r.props} for r in batch]).consume()
            advance(len(batch))


class Progress(Protocol):
    """What a long load reports as it goes; the CLI draws it as a progress bar."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


class _Chunked:
    """A write transaction that commits every ``every`` rows and goes on in a new one,
    for graphs too large for the server's transaction memory."""

    def __init__(self, session: neo4j.Session, every: int) -> None:
        self._session = session
        self._every = every
        self._rows = 0
        self._tx = session.begin_transaction()

    def run(self, query: str, **params: Any) -> neo4j.Result:
        if self._rows >= self._every:
            self._tx.commit()
            self._tx = self._session.begin_transaction()
            self._rows = 0
        self._rows += max((len(v) for v in params.values() if isinstance(v, list)), default=1)
        return self._tx.run(query, **params)

    def commit(self) -> None:
        self._tx.commit()

    def close(self) -> None:
        self._tx.close()


def load(
    driver: Driver,
    database: str,
    wanted: PropertyGraph,
    uri: str = "",
    progress: Progress | None = None,
    commit_every: int | None = None,
) -> Summary:
    """Make the graph hold exactly ``wanted``: in one transaction, so that an interrupted
    load changes nothing; or, with ``commit_every``, committing every that many rows, so
    that a graph larger than the server's transaction memory loads (an interrupted load
    then leaves part of the change written, and loading again completes it)."""
    progress = progress or _Silent()
    m = model()
    with neo4j_errors(uri):
        ensure_schema(driver, database, m)
        with driver.session(database=database) as session:
            if commit_every is None:
                with session.begin_transaction() as tx:
                    current = read_property_graph(driver, database, m, tx=tx)
                    p = plan(current, wanted)
                    progress.start(p.steps)
                    apply_plan(tx, p, wanted, current, progress.advance)
                    tx.commit()
            else:
                current = read_property_graph(driver, database, m)
                p = plan(current, wanted)
                progress.start(p.steps)
                chunked = _Chunked(session, commit_every)
                try:
                    apply_plan(chunked, p, wanted, current, progress.advance)
                    chunked.commit()
                finally:
                    chunked.close()
    return p.summary


def counts(driver: Driver, database: str) -> dict[str, int]:
    """Nodes per label and relationships per type."""
    m = model()
    records = driver.execute_query(
        read_query("load/counts.cypher"),
        {"labels": m.node_labels(), "types": m.rel_types()},
        database_=database,
        routing_=RoutingControl.READ,
    ).records
    return {r["name"]: r["count"] for r in records}


def wipe(driver: Driver, database: str) -> None:
    """Delete everything the loader owns (nothing else in the database)."""
    with driver.session(database=database) as session:
        session.run(
            Query(read_query("load/wipe.cypher")),
            labels=model().node_labels(),
        ).consume()
