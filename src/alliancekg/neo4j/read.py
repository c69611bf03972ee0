"""Reading the graph back from Neo4j as a :class:`PropertyGraph`: whole, in pieces, or
one entity with the facts about it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import neo4j
from neo4j import Bookmarks, Driver, ManagedTransaction, Query, RoutingControl

from ..ontology.model import Cls, Model, model
from ..rdf.propertygraph import HASH_KEY, Node, PropertyGraph, Rel
from .statements import read_query


class _Kinds(dict[frozenset[str], tuple[Cls, tuple[str, ...]]]):
    """A node's class and labels by the labels it has, each set worked out once."""

    def __init__(self, m: Model) -> None:
        super().__init__()
        self.m = m

    def __missing__(self, labels: frozenset[str]) -> tuple[Cls, tuple[str, ...]]:
        cls = self.m.class_for_labels(set(labels))
        found = self[labels] = (cls, tuple(self.m.labels_of(cls)))
        return found


def _add_node(pg: PropertyGraph, kinds: _Kinds, row: Mapping[str, Any]) -> None:
    """A node from a row with ``id``, ``labels`` and ``props``."""
    cls, labels = kinds[frozenset(row["labels"])]
    pg.nodes[row["id"]] = Node(row["id"], cls, labels, dict(row["props"]))


def _keeps_id(m: Model) -> dict[str, bool]:
    """For each relationship type, does a relationship of it keep its id (it stands
    for a class instance)?"""
    return {t: m.class_for_rel_type(t) is not None for t in m.rel_types()}


def _rels(keeps_id: Mapping[str, bool], record: Any) -> Iterator[Rel]:
    """The relationships of a record of ``existing_rels.cypher``: a start node's id and
    its relationships as ``[type, id, end, properties]`` rows."""
    start = record[0]
    for rtype, ident, end, props in record[1]:
        yield Rel(rtype, start, end, ident if keeps_id[rtype] else None, props)


def _add_rel(pg: PropertyGraph, m: Model, row: Mapping[str, Any]) -> None:
    """A relationship from a row with ``type``, ``id``, ``start``, ``end`` and ``props``;
    only a relationship that stands for a class instance keeps its id. A row of an
    OPTIONAL MATCH that found nothing (type null) adds nothing."""
    if row["type"] is None:
        return
    rel_id = row["id"] if m.class_for_rel_type(row["type"]) is not None else None
    pg.add_rel(Rel(row["type"], row["start"], row["end"], rel_id, dict(row["props"])))


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
    kinds = _Kinds(m)
    for r in nodes:
        _add_node(pg, kinds, r)
    keeps_id = _keeps_id(m)
    for r in rels:
        for rel in _rels(keeps_id, r):
            pg.add_rel(rel)
    return pg


# Rows per record when reading hashes: one record per node costs a Bolt message each.
_HASH_CHUNK = 20_000


def read_hashes(
    driver: Driver,
    database: str,
    m: Model | None = None,
    tx: neo4j.Transaction | None = None,
) -> PropertyGraph:
    """What a load needs to know of the graph: every node's id and labels, every
    relationship's type, id and ends, each with the content hash the load wrote in
    ``_hash`` (absent where none was written), and no other property."""
    m = m or model()
    params = {"labels": m.node_labels(), "types": m.rel_types(), "chunk": _HASH_CHUNK}
    node_q = read_query("load/existing_node_hashes.cypher")
    rel_q = read_query("load/existing_rel_hashes.cypher")
    if tx is not None:
        nodes = list(tx.run(node_q, params))
        rels = list(tx.run(rel_q, params))
    else:
        nodes = driver.execute_query(node_q, params, database_=database).records
        rels = driver.execute_query(rel_q, params, database_=database).records
    pg, kinds = PropertyGraph(), _Kinds(m)
    for record in nodes:
        for ident, labels, found in record["rows"]:
            props = {} if found is None else {HASH_KEY: found}
            _add_node(pg, kinds, {"id": ident, "labels": labels, "props": props})
    for record in rels:
        for rtype, ident, start, end, found in record["rows"]:
            props = {} if found is None else {HASH_KEY: found}
            row = {"type": rtype, "id": ident, "start": start, "end": end, "props": props}
            _add_rel(pg, m, row)
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
    keeps_id, kinds = _keeps_id(m), _Kinds(m)
    with driver.session(
        database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=page
    ) as session:
        piece = PropertyGraph()
        for r in session.run(
            Query(read_query("load/existing_nodes.cypher"), timeout=timeout), params
        ):
            _add_node(piece, kinds, r)
            if len(piece.nodes) >= page:
                yield piece
                piece = PropertyGraph()
        for r in session.run(
            Query(read_query("load/existing_rels.cypher"), timeout=timeout), params
        ):
            for rel in _rels(keeps_id, r):
                piece.add_rel(rel)
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
    facts = m.fact_classes()
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
    kinds = _Kinds(m)
    _add_node(pg, kinds, r)
    for row in [*r["own"], *r["facts"]]:
        _add_rel(pg, m, row)
    for fact in r["fact_nodes"]:
        _add_node(pg, kinds, fact)
        for row in fact["rels"]:
            _add_rel(pg, m, row)
    return pg


def version_token(bookmarks: Bookmarks) -> str:
    """The database's version as a string: a bookmark names the last transaction the
    database had committed, so any write changes it (and a read does not)."""
    return "|".join(sorted(bookmarks.raw_values))


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
