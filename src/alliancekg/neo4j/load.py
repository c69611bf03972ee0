"""The all-or-nothing load: make Neo4j hold exactly a property graph.

A load runs in one write transaction: it reads what the graph holds (ids, labels
and the content hash each node and relationship was written with), computes the
difference with the wanted graph, and writes only that. A load that fails
or is killed before its commit leaves the graph as it was; run again, it
completes. A graph too large for the server's transaction memory loads with
``commit_every``, in several transactions, several of them written at once.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import neo4j
from neo4j import Driver, Query
from neo4j.exceptions import TransientError

from ..collector import collector_paused
from ..config import DEFAULT_BATCH_SIZE, DEFAULT_WRITE_SESSIONS
from ..ontology.model import model
from ..rdf.propertygraph import (
    ACTIVE_COUNT_KEY,
    ALLIANCE_COUNT_KEY,
    HASH_KEY,
    MEMBERS_KEY,
    Node,
    PropertyGraph,
    Rel,
    with_hashes,
)
from .connect import neo4j_errors
from .read import read_hashes, read_property_graph, version_token
from .schema import ensure_schema
from .statements import load_statement, read_query

T = TypeVar("T")
K = TypeVar("K")


@dataclass
class Summary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    # the database's version once the load has committed (see read.version_token)
    version: str | None = None

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


def _same(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether what the graph holds is what is wanted: by content hash when only the
    hash was read (the load's way), else property by property."""
    if HASH_KEY in after and set(before) <= {HASH_KEY}:
        return bool(before.get(HASH_KEY) == after[HASH_KEY])
    return _normal(before) == _normal(after)


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
        elif not _same(before.props, new.props):
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
        elif not _same(prior.props, new_rel.props):
            p.update_rels.append(new_rel)
            s.updated[new_rel.type] += 1
        else:
            s.unchanged[new_rel.type] += 1
    return p


# Membership statuses that count as being in an alliance now.
_NOW = frozenset({"active", "proposed"})


def with_alliance_counts(pg: PropertyGraph) -> PropertyGraph:
    """``pg`` with what the load keeps for the questions that would otherwise read
    every membership. On each organisation, the counts of the alliances it is in now, as
    ``multi_alliance_firms`` counts them: with proposals in ``_alliance_count`` (active
    or proposed memberships), without in ``_alliance_count_active`` (active memberships
    of alliances that are not proposed); a page of the question is found by their
    indexes. On each alliance with members now, their sorted ids in ``_members``, from
    which ``alliance_overlap`` finds the shared members. The load that writes the
    memberships keeps them. Questions ``as_of`` a date do not use them."""
    m = model()
    memberships, alliances = m.section("memberships"), m.section("alliances")
    assert memberships is not None and memberships.rel_type is not None
    assert alliances is not None and alliances.label is not None
    held: dict[str, set[str]] = {}
    active: dict[str, set[str]] = {}
    members: dict[str, set[str]] = {}
    for rel in pg.rels.values():
        status = rel.props.get("status")
        alliance = pg.nodes.get(rel.end)
        if rel.type != memberships.rel_type or status not in _NOW or alliance is None:
            continue
        if alliances.label not in alliance.labels:
            continue
        held.setdefault(rel.start, set()).add(rel.end)
        alliance_status = alliance.props.get("status")
        if status == "active" and alliance_status is not None and alliance_status != "proposed":
            active.setdefault(rel.start, set()).add(rel.end)
        member = pg.nodes.get(rel.start)
        if member is not None and "Organization" in member.labels:
            members.setdefault(rel.end, set()).add(rel.start)
    out = PropertyGraph()
    for ident, node in pg.nodes.items():
        if alliances.label in node.labels:
            if ident in members:
                props = {**node.props, MEMBERS_KEY: sorted(members[ident])}
                node = Node(node.id, node.cls, node.labels, props)
        elif "Organization" in node.labels:
            props = {
                **node.props,
                ALLIANCE_COUNT_KEY: len(held.get(ident, ())),
                ACTIVE_COUNT_KEY: len(active.get(ident, ())),
            }
            node = Node(node.id, node.cls, node.labels, props)
        out.nodes[ident] = node
    out.rels = pg.rels
    return out


def _batches(rows: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _grouped(items: list[T], key: Callable[[T], K]) -> dict[K, list[T]]:
    groups: dict[K, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


@dataclass(frozen=True)
class _Statement:
    """One UNWIND statement of a load and how many rows it writes."""

    query: str
    params: dict[str, Any]
    rows: int


def _phases(
    p: Plan, wanted: PropertyGraph, current: PropertyGraph, batch_size: int
) -> list[Iterator[_Statement]]:
    """The plan's statements in the order they must commit: relationships that go, then
    nodes that go (with what hangs on them); nodes, then the relationships between them,
    then relationships that change. Statements of one phase do not depend on each other."""

    def label_of(ident: str) -> str:
        node = wanted.nodes.get(ident) or current.nodes[ident]
        return node.labels[0]

    def delete_rels() -> Iterator[_Statement]:
        for (rtype, has_id), rels in _grouped(
            p.delete_rels, lambda r: (r.type, r.id is not None)
        ).items():
            if has_id:
                q = load_statement("delete_rels_by_id", type=rtype)
                for batch in _batches(rels, batch_size):
                    yield _Statement(q, {"ids": [r.id for r in batch]}, len(batch))
                continue
            by_ends = _grouped(
                rels, lambda r: (current.nodes[r.start].labels[0], current.nodes[r.end].labels[0])
            )
            for (start, end), group in by_ends.items():
                q = load_statement("delete_plain_rels", type=rtype, start=start, end=end)
                for batch in _batches(group, batch_size):
                    rows = [{"start": r.start, "end": r.end} for r in batch]
                    yield _Statement(q, {"rows": rows}, len(batch))

    def delete_nodes() -> Iterator[_Statement]:
        for (label,), gone in _grouped(p.delete_nodes, lambda n: (n.labels[0],)).items():
            q = load_statement("delete_nodes", label=label)
            for nodes in _batches(gone, batch_size):
                yield _Statement(q, {"ids": [n.id for n in nodes]}, len(nodes))

    def upsert_nodes() -> Iterator[_Statement]:
        for labels, upserts in _grouped(p.upsert_nodes, lambda n: n.labels).items():
            q = load_statement("upsert_nodes", label=labels[0], labels=list(labels))
            for nodes in _batches(upserts, batch_size):
                rows = [{"id": n.id, "props": n.props} for n in nodes]
                yield _Statement(q, {"rows": rows}, len(nodes))

    def create_rels() -> Iterator[_Statement]:
        for (rtype, start, end), rels in _grouped(
            p.create_rels, lambda r: (r.type, label_of(r.start), label_of(r.end))
        ).items():
            q = load_statement("create_rels", type=rtype, start=start, end=end)
            for batch in _batches(rels, batch_size):
                rows = [{"start": r.start, "end": r.end, "props": r.props} for r in batch]
                yield _Statement(q, {"rows": rows}, len(batch))

    def update_rels() -> Iterator[_Statement]:
        for (rtype,), rels in _grouped(p.update_rels, lambda r: (r.type,)).items():
            q = load_statement("update_rels", type=rtype)
            for batch in _batches(rels, batch_size):
                rows = [{"id": r.id, "props": r.props} for r in batch]
                yield _Statement(q, {"rows": rows}, len(batch))

    return [delete_rels(), delete_nodes(), upsert_nodes(), create_rels(), update_rels()]


def apply_plan(
    tx: neo4j.Transaction,
    p: Plan,
    wanted: PropertyGraph,
    current: PropertyGraph,
    advance: Callable[[int], None],
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> None:
    """Write the plan in one transaction."""
    for phase in _phases(p, wanted, current, batch_size):
        for s in phase:
            tx.run(s.query, s.params).consume()
            advance(s.rows)


def _units(statements: Iterator[_Statement], every: int) -> Iterator[list[_Statement]]:
    """Statements grouped into transactions of at most ``every`` rows."""
    unit: list[_Statement] = []
    rows = 0
    for s in statements:
        if unit and rows + s.rows > every:
            yield unit
            unit, rows = [], 0
        unit.append(s)
        rows += s.rows
    if unit:
        yield unit


def _write_unit(tx: neo4j.ManagedTransaction, unit: list[_Statement]) -> None:
    for s in unit:
        tx.run(s.query, s.params).consume()


_DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"
_DEADLOCK_RETRY_SECONDS = 60.0


class _Units:
    """A plan written in transactions of at most ``every`` rows, by ``sessions``
    sessions at once. A transaction the server ends to break a deadlock (between two of
    them, or with another client) is written again, whole. Phases follow each
    other: every transaction of one has committed before the next phase starts, and the
    sessions share one bookmark manager, so each sees what the others committed. The
    last transaction of each phase runs alone, after the others: the last of all names
    the database's version once the load is written."""

    def __init__(
        self,
        driver: Driver,
        database: str,
        every: int,
        sessions: int,
        advance: Callable[[int], None],
    ) -> None:
        self.driver = driver
        self.database = database
        self.every = every
        self.sessions = sessions
        self.advance = advance
        self.bookmarks = neo4j.GraphDatabase.bookmark_manager()
        self.version: str | None = None

    def _write(self, unit: list[_Statement]) -> tuple[int, str]:
        """One transaction; again, whole, when the server chose it to end a deadlock
        (the project's drivers do not retry on their own), for up to a minute."""
        deadline = time.monotonic() + _DEADLOCK_RETRY_SECONDS
        pause = 0.05
        while True:
            try:
                with self.driver.session(
                    database=self.database, bookmark_manager=self.bookmarks
                ) as session:
                    session.execute_write(_write_unit, unit)
                    return sum(s.rows for s in unit), version_token(session.last_bookmarks())
            except TransientError as e:
                if e.code != _DEADLOCK or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(2 * pause, 1.0)

    def _done(self, finished: set[Future[tuple[int, str]]]) -> None:
        for f in finished:
            rows, _ = f.result()  # raises what the transaction raised
            self.advance(rows)

    def write(self, phases: list[Iterator[_Statement]]) -> None:
        pool = ThreadPoolExecutor(self.sessions, thread_name_prefix="alliancekg-load")
        try:
            for phase in phases:
                pending: set[Future[tuple[int, str]]] = set()
                last: list[_Statement] | None = None
                for unit in _units(phase, self.every):
                    if last is not None:
                        pending.add(pool.submit(self._write, last))
                        if len(pending) >= 2 * self.sessions:  # rows built ahead stay few
                            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                            self._done(finished)
                    last = unit
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    self._done(finished)
                if last is not None:
                    rows, self.version = self._write(last)
                    self.advance(rows)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class Progress(Protocol):
    """What a long load reports as it goes; the CLI draws it as a progress bar."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


def load(
    driver: Driver,
    database: str,
    wanted: PropertyGraph,
    uri: str = "",
    progress: Progress | None = None,
    commit_every: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    verify: bool = False,
    sessions: int = DEFAULT_WRITE_SESSIONS,
) -> Summary:
    """Make the graph hold exactly ``wanted``: in one transaction, so that an interrupted
    load changes nothing; or, with ``commit_every``, committing every that many rows, so
    that a graph larger than the server's transaction memory loads (an interrupted load
    then leaves part of the change written, and loading again completes it), with
    ``sessions`` transactions written at once.

    What the graph holds is known by the content hashes the loads wrote; ``verify``
    reads every property instead, and so also undoes changes made in Neo4j by hand."""
    read = read_property_graph if verify else read_hashes
    progress = progress or _Silent()
    m = model()
    with collector_paused(), neo4j_errors(uri):
        wanted = with_hashes(with_alliance_counts(wanted))
        ensure_schema(driver, database, m)
        if commit_every is None:
            with driver.session(database=database) as session:
                with session.begin_transaction() as tx:
                    current = read(driver, database, m, tx=tx)
                    p = plan(current, wanted)
                    progress.start(p.steps)
                    apply_plan(tx, p, wanted, current, progress.advance, batch_size)
                    tx.commit()
                p.summary.version = version_token(session.last_bookmarks())
        else:
            current = read(driver, database, m)
            p = plan(current, wanted)
            progress.start(p.steps)
            units = _Units(driver, database, commit_every, sessions, progress.advance)
            units.write(_phases(p, wanted, current, min(batch_size, commit_every)))
            # nothing written: the version the graph already had
            p.summary.version = units.version or _current_version(driver, database)
    return p.summary


def _current_version(driver: Driver, database: str) -> str:
    """The database's version: the bookmark of a read transaction."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        session.run(read_query("meta/version.cypher")).consume()
        return version_token(session.last_bookmarks())


def wipe(driver: Driver, database: str) -> None:
    """Delete everything the loader owns (nothing else in the database)."""
    with driver.session(database=database) as session:
        session.run(
            Query(read_query("load/wipe.cypher")),
            labels=model().node_labels(),
        ).consume()
