"""The property graph: nodes and relationships as Neo4j holds them.

Derived, index-only properties start with ``_`` (``_search``): they are not data,
and answers leave them out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..ontology.model import Cls
from ..ontology.names import split_scripts


@dataclass
class Node:
    id: str
    cls: Cls
    labels: tuple[str, ...]
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rel:
    type: str
    start: str
    end: str
    id: str | None = None  # only relationships that stand for a class instance have one
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.type, self.id or "", self.start, self.end)


@dataclass
class PropertyGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    rels: dict[tuple[str, str, str, str], Rel] = field(default_factory=dict)

    def add_rel(self, rel: Rel) -> None:
        self.rels[rel.key] = rel


SEARCH_KEY = "_search"
# The alliances an organisation is in now, as multi_alliance_firms counts them with
# include_proposed (active or proposed memberships) and without it (active memberships
# of alliances that are not proposed), kept on its node by every load so that a page
# of the question is found by an index; like _search, not data.
ALLIANCE_COUNT_KEY = "_alliance_count"
ACTIVE_COUNT_KEY = "_alliance_count_active"
# The ids of an alliance's members now (organisations with an active or proposed
# membership), sorted, kept on its node by every load so that alliance_overlap finds
# the shared members by sets of ids rather than by reading every membership; absent
# where the alliance has none. Like _search, not data.
MEMBERS_KEY = "_members"


# A hash of what the seeds say about a node or relationship (its labels or type and
# ends, and its properties), written with it by every load: a reload reads back ids
# and hashes only, and writes what changed. Like _search, not data.
HASH_KEY = "_hash"


def content_hash(kind: str, props: dict[str, Any]) -> str:
    """The hash of a node's labels (``kind``: "Organization:Company") or a relationship's
    type and ends, and of its properties but the hash itself."""
    items = sorted(
        (k, sorted(v) if isinstance(v, list) else v) for k, v in props.items() if k != HASH_KEY
    )
    return hashlib.blake2b(repr((kind, items)).encode(), digest_size=16).hexdigest()


def with_hashes(pg: PropertyGraph) -> PropertyGraph:
    """``pg`` with each node's and relationship's :func:`content_hash` in ``_hash``; a
    relationship without an id (``ABOUT``...) has no properties, and its key says all
    there is to say about it: it has none."""
    out = PropertyGraph()
    for ident, node in pg.nodes.items():
        props = {**node.props, HASH_KEY: content_hash(":".join(node.labels), node.props)}
        out.nodes[ident] = Node(node.id, node.cls, node.labels, props)
    for key, rel in pg.rels.items():
        if rel.id is None:
            out.rels[key] = rel
            continue
        kind = f"{rel.type}:{rel.start}:{rel.end}"
        props = {**rel.props, HASH_KEY: content_hash(kind, rel.props)}
        out.rels[key] = Rel(rel.type, rel.start, rel.end, rel.id, props)
    return out


def search_words(props: dict[str, Any]) -> str:
    """Names and aliases with Latin and Hangul runs split apart ("SK텔레콤" → "SK 텔레콤"),
    so that the full-text index finds a Korean part glued to Latin letters."""
    values: list[str] = []
    for key, value in props.items():
        if key.startswith("name_") or key == "aliases":
            values.extend(value if isinstance(value, list) else [value])
    return " ".join(split_scripts(v) for v in sorted(values))


def lang_key(key: str, lang: str) -> str:
    return f"{key}_{lang.lower().replace('-', '_')}"


def without_index_keys(value: Any) -> Any:
    """``value`` without derived, index-only properties (``_search``), which Cypher's
    ``n {.*}`` would otherwise return: they are not data."""
    if isinstance(value, dict):
        return {
            k: without_index_keys(v) if isinstance(v, dict | list) else v
            for k, v in value.items()
            if k[:1] != "_"
        }
    if isinstance(value, list):
        return [without_index_keys(v) if isinstance(v, dict | list) else v for v in value]
    return value
