"""The mapping between the RDF graph and the Neo4j property graph.

Driven entirely by the ontology's annotations (see docs/mapping.md):

* an instance of a class with ``akg:neo4jLabel`` is a node carrying the
  labels of its class and superclasses, keyed by ``id``;
* an instance of a class with ``akg:neo4jType`` (Membership, Post,
  SegmentAssignment) is a relationship of that type, keyed by ``id``, from
  the node named by ``akg:neo4jFrom`` to the node named by ``akg:neo4jTo``;
* a language-tagged value becomes ``<key>_<lang>`` (``name_ko``, ``name_en``);
  multi-valued keys become lists;
* dates keep their lexical form (``2024``, ``2024-06``, ``Y-1``): the
  precision is read back from its shape;
* a reference from a node to a node is a relationship (``ABOUT``,
  ``SAID_BY``...); a reference held by a relationship, to a relationship, or
  marked ``akg:neo4jAsProperty`` is a property holding ids (``sources``).

``to_property_graph`` and ``from_property_graph`` are inverses: a graph that
passes through both is isomorphic to the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node as Term

from ..config import DEFAULT_BASE_IRI
from ..exc import MappingError
from ..ontology.model import Cls, Kind, Model, Prop, model
from .plain import STRING, TYPE, Lit, Subject, to_rdflib
from .propertygraph import SEARCH_KEY, Node, PropertyGraph, Rel, lang_key, search_words
from .terms import IriMaker, literal, new_graph

_LANG_SUFFIX = re.compile(r"^[a-z0-9_]+$")


def _python_value(prop: Prop, term: Literal) -> Any:
    value = term.toPython()
    if isinstance(value, bool | int) and prop.kind is Kind.LITERAL:
        return value
    return str(term)


def _class_of(m: Model, types: set[URIRef]) -> Cls | None:
    for t in types:
        c = m.classes.get(t)
        if c is not None and (c.label or c.rel_type) and set(m.types_of(c)) == types:
            return c
    return None


def subject_classes(graph: Graph, m: Model) -> dict[URIRef, Cls]:
    """Each typed subject's class: the one whose types are exactly the subject's."""
    subjects: dict[URIRef, set[URIRef]] = {}
    for s, t in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(t, URIRef):
            subjects.setdefault(s, set()).add(t)
    found: dict[URIRef, Cls] = {}
    for s, types in subjects.items():
        cls = _class_of(m, types)
        if cls is None:
            raise MappingError(f"{s} has types {sorted(types)} that name no one class")
        found[s] = cls
    return found


def statements(graph: Graph, subject: URIRef, cls: Cls) -> Iterator[tuple[Prop, Term]]:
    """A subject's statements but its types, each with the property of ``cls`` it uses."""
    by_iri = {p.iri: p for p in cls.props.values()}
    for p, o in graph.predicate_objects(subject):
        if p == RDF.type:
            continue
        prop = by_iri.get(p)  # type: ignore[call-overload]
        if prop is None:
            raise MappingError(f"{subject}: {p} is not a property of {cls.local_name}")
        yield prop, o


def is_id_property(m: Model, cls: Cls, prop: Prop) -> bool:
    target = m.classes.get(prop.range)
    return (
        cls.is_relationship or prop.as_property or (target is not None and target.is_relationship)
    )


def to_property_graph(
    graph: Graph, base: str = DEFAULT_BASE_IRI, m: Model | None = None
) -> PropertyGraph:
    m = m or model()
    iri = IriMaker(base)
    pg = PropertyGraph()
    for s, cls in subject_classes(graph, m).items():
        if not str(s).startswith(base):
            raise MappingError(f"{s} is not under the base IRI {base}")
        ident = iri.id_of(s)
        props: dict[str, Any] = {"id": ident}
        ends: dict[URIRef, str] = {}
        rels: list[Rel] = []
        for prop, o in statements(graph, s, cls):
            if prop.kind is Kind.REF or prop.kind is Kind.VOCAB:
                if not isinstance(o, URIRef):
                    raise MappingError(f"{s}: {prop.key} must be an IRI, got {o!r}")
                if prop.kind is Kind.VOCAB:
                    value: Any = m.vocab_key[URIRef(o)]
                elif cls.is_relationship and prop.iri in (cls.rel_from, cls.rel_to):
                    ends[prop.iri] = iri.id_of(o)
                    continue
                elif is_id_property(m, cls, prop):
                    value = iri.id_of(o)
                else:
                    assert prop.rel_type is not None, prop
                    rels.append(Rel(prop.rel_type, ident, iri.id_of(o)))
                    continue
                _put(props, prop.key, value, prop.multi)
            elif prop.kind is Kind.LANG:
                assert isinstance(o, Literal) and o.language, (s, prop.key, o)
                _put(props, lang_key(prop.key, o.language), str(o), prop.multi)
            else:
                assert isinstance(o, Literal), (s, prop.key, o)
                _put(props, prop.key, _python_value(prop, o), prop.multi)
        for k, v in props.items():
            if isinstance(v, list):
                props[k] = sorted(v)
        if cls.is_relationship:
            assert cls.rel_type is not None and cls.rel_from and cls.rel_to
            if cls.rel_from not in ends or cls.rel_to not in ends:
                raise MappingError(f"{s}: a {cls.local_name} needs both ends")
            pg.add_rel(Rel(cls.rel_type, ends[cls.rel_from], ends[cls.rel_to], ident, props))
        else:
            words = search_words(props)
            if words:
                props[SEARCH_KEY] = words
            pg.nodes[ident] = Node(ident, cls, tuple(m.labels_of(cls)), props)
            for rel in rels:
                pg.add_rel(rel)
    _check_ends(pg)
    return pg


class _PlainClass:
    """One class's mapping, looked up by predicate IRI string."""

    def __init__(self, m: Model, cls: Cls) -> None:
        self.cls = cls
        self.labels = tuple(m.labels_of(cls))
        self.by_iri = {str(p.iri): p for p in cls.props.values()}
        self.ends = {str(cls.rel_from), str(cls.rel_to)} if cls.is_relationship else set()
        self.id_props = {k for k, p in cls.props.items() if is_id_property(m, cls, p)}


def plain_property_graph(
    subjects: Iterable[Subject], base: str = DEFAULT_BASE_IRI, m: Model | None = None
) -> PropertyGraph:
    """The property graph of plain statements: what :func:`to_property_graph` gives for
    the rdflib graph holding them (tested), without building one."""
    m = m or model()
    vocab_key = {str(k): v for k, v in m.vocab_key.items()}
    classes: dict[frozenset[str], _PlainClass] = {}
    values: dict[tuple[str, Lit], Any] = {}
    pg = PropertyGraph()
    for s, st in subjects:
        types = st.get(TYPE)
        if not types:
            continue
        key = frozenset(t for t in types if isinstance(t, str))
        plan = classes.get(key)
        if plan is None:
            cls = _class_of(m, {URIRef(t) for t in key})
            if cls is None:
                raise MappingError(f"{s} has types {sorted(key)} that name no one class")
            plan = classes[key] = _PlainClass(m, cls)
        cls = plan.cls
        if not s.startswith(base):
            raise MappingError(f"{s} is not under the base IRI {base}")
        ident = s[len(base) :]
        props: dict[str, Any] = {"id": ident}
        ends: dict[str, str] = {}
        rels: list[Rel] = []
        for p, objects in st.items():
            if p == TYPE:
                continue
            prop = plan.by_iri.get(p)
            if prop is None:
                raise MappingError(f"{s}: {p} is not a property of {cls.local_name}")
            for o in objects:
                if prop.kind is Kind.REF or prop.kind is Kind.VOCAB:
                    if isinstance(o, Lit) or o.startswith("_:"):
                        raise MappingError(f"{s}: {prop.key} must be an IRI, got {o!r}")
                    if prop.kind is Kind.VOCAB:
                        value: Any = vocab_key[o]
                    elif p in plan.ends:
                        ends[p] = o.removeprefix(base)
                        continue
                    elif prop.key in plan.id_props:
                        value = o.removeprefix(base)
                    else:
                        assert prop.rel_type is not None, prop
                        rels.append(Rel(prop.rel_type, ident, o.removeprefix(base)))
                        continue
                    _put(props, prop.key, value, prop.multi)
                elif prop.kind is Kind.LANG:
                    assert isinstance(o, Lit) and o.lang, (s, prop.key, o)
                    _put(props, lang_key(prop.key, o.lang), o.lex, prop.multi)
                else:
                    assert isinstance(o, Lit), (s, prop.key, o)
                    if not o.datatype or o.datatype == STRING:
                        value = o.lex
                    else:
                        value = values.get((p, o), values)
                        if value is values:
                            value = values[(p, o)] = _python_value(prop, to_rdflib(o))  # type: ignore[arg-type]
                    _put(props, prop.key, value, prop.multi)
        for k, v in props.items():
            if isinstance(v, list):
                props[k] = sorted(v)
        if cls.is_relationship:
            assert cls.rel_type is not None and cls.rel_from and cls.rel_to
            start, end = ends.get(str(cls.rel_from)), ends.get(str(cls.rel_to))
            if start is None or end is None:
                raise MappingError(f"{s}: a {cls.local_name} needs both ends")
            pg.add_rel(Rel(cls.rel_type, start, end, ident, props))
        else:
            words = search_words(props)
            if words:
                props[SEARCH_KEY] = words
            pg.nodes[ident] = Node(ident, cls, plan.labels, props)
            for rel in rels:
                pg.add_rel(rel)
    _check_ends(pg)
    return pg


def _check_ends(pg: PropertyGraph) -> None:
    for rel in pg.rels.values():
        for end in (rel.start, rel.end):
            if end not in pg.nodes:
                raise MappingError(
                    f"{rel.type} {rel.id or ''} points at '{end}', which is not in the graph"
                )


def _put(props: dict[str, Any], key: str, value: Any, multi: bool) -> None:
    if multi:
        props.setdefault(key, []).append(value)
    elif key in props:
        raise MappingError(f"'{key}' has two values ({props[key]!r}, {value!r})")
    else:
        props[key] = value


def prop_for_key(cls: Cls, key: str) -> tuple[Prop, str | None]:
    prop = cls.props.get(key)
    if prop is not None and prop.kind is not Kind.LANG:
        return prop, None
    best: Prop | None = None
    for p in cls.props.values():
        if (
            p.kind is Kind.LANG
            and key.startswith(p.key + "_")
            and (best is None or len(p.key) > len(best.key))
        ):
            best = p
    if best is None:
        raise MappingError(f"{cls.local_name} has no property for key '{key}'")
    suffix = key[len(best.key) + 1 :]
    if not _LANG_SUFFIX.match(suffix):
        raise MappingError(f"'{key}' does not end in a language tag")
    return best, suffix.replace("_", "-")


def _terms(m: Model, prop: Prop, value: Any, lang: str | None, iri: IriMaker) -> list[Any]:
    values = value if isinstance(value, list) else [value]
    if lang is not None:
        return [Literal(v, lang=lang) for v in values]
    if prop.kind is Kind.VOCAB:
        return [m.vocab[prop.range][v] for v in values]
    if prop.kind is Kind.REF:
        return [iri(v) for v in values]
    return [literal(prop, v) for v in values]


def property_graph_triples(
    pg: PropertyGraph, base: str = DEFAULT_BASE_IRI, m: Model | None = None
) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The RDF statements the property graph stands for, one at a time."""
    m = m or model()
    iri = IriMaker(base)
    rel_props = {p.rel_type: p for p in m.props.values() if p.rel_type}

    def props_of(
        subject: URIRef, cls: Cls, props: dict[str, Any]
    ) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
        for t in m.types_of(cls):
            yield subject, RDF.type, t
        for key, value in props.items():
            if key == "id" or key.startswith("_"):
                continue
            prop, lang = prop_for_key(cls, key)
            for term in _terms(m, prop, value, lang, iri):
                yield subject, prop.iri, term

    for node in pg.nodes.values():
        yield from props_of(iri(node.id), node.cls, node.props)
    for rel in pg.rels.values():
        if rel.id is not None:
            cls = m.class_for_rel_type(rel.type)
            if cls is None or cls.rel_from is None or cls.rel_to is None:
                raise MappingError(f"relationship type {rel.type} has no class")
            subject = iri(rel.id)
            yield from props_of(subject, cls, rel.props)
            yield subject, cls.rel_from, iri(rel.start)
            yield subject, cls.rel_to, iri(rel.end)
        else:
            prop = rel_props.get(rel.type)
            if prop is None:
                raise MappingError(f"relationship type {rel.type} is not in the ontology")
            yield iri(rel.start), prop.iri, iri(rel.end)


def from_property_graph(
    pg: PropertyGraph, base: str = DEFAULT_BASE_IRI, m: Model | None = None
) -> Graph:
    g = new_graph(base)
    for triple in property_graph_triples(pg, base, m):
        g.add(triple)
    return g
