"""N-Triples written straight from the statements, without building an rdflib graph:
the export path for large graphs (``Graph.add`` costs more than writing the lines)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..exc import MappingError
from ..ontology.model import Cls, Kind, Model
from .mapping import prop_for_key
from .propertygraph import PropertyGraph
from .terms import literal


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")


def _nt_literal(term: Literal) -> str:
    text = _escape(str(term))
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _nt_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return _nt_literal(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"no N-Triples form for {term!r}")


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """N-Triples for the statements, one line each."""
    iris: dict[Node, str] = {}
    lines = []
    for s, p, o in triples:
        ps = iris.get(p)
        if ps is None:
            ps = iris[p] = f"<{p}>"
        lines.append(f"{_nt_term(s)} {ps} {_nt_term(o)} .\n")
    return "".join(lines).encode("utf-8")


class PropertyGraphWriter:
    """N-Triples of a property graph, written as text from its properties: the same
    statements as :func:`~alliancekg.rdf.mapping.property_graph_triples`, without an
    rdflib term per value. What a (class, key) writes is worked out once: its
    predicate, and how a value becomes an object (an IRI, a vocabulary term, a
    literal of the property's datatype)."""

    def __init__(self, base: str, m: Model) -> None:
        self.base = base
        self.m = m
        self._types: dict[URIRef, list[str]] = {}
        self._keys: dict[tuple[URIRef, str], tuple[str, Callable[[Any], str]]] = {}
        self._rel_props = {p.rel_type: f"<{p.iri}>" for p in m.props.values() if p.rel_type}
        self._rel_classes: dict[str, tuple[Cls, str, str]] = {}

    def _type_lines(self, cls: Cls) -> list[str]:
        lines = self._types.get(cls.iri)
        if lines is None:
            lines = self._types[cls.iri] = [
                f" <{RDF.type}> <{t}> .\n" for t in self.m.types_of(cls)
            ]
        return lines

    def _encoder(self, cls: Cls, key: str) -> tuple[str, Callable[[Any], str]]:
        found = self._keys.get((cls.iri, key))
        if found is not None:
            return found
        prop, lang = prop_for_key(cls, key)
        encode: Callable[[Any], str]
        if lang is not None:
            suffix = f"@{lang}"

            def encode(v: Any) -> str:
                return f'"{_escape(v)}"{suffix}'

        elif prop.kind is Kind.VOCAB:
            terms = {k: f"<{t}>" for k, t in self.m.vocab[prop.range].items()}
            encode = terms.__getitem__
        elif prop.kind is Kind.REF:
            base = self.base

            def encode(v: Any) -> str:
                return f"<{base}{v}>"

        else:
            encode = functools.lru_cache(maxsize=4096)(
                lambda v, prop=prop: _nt_literal(literal(prop, v))
            )
        found = self._keys[(cls.iri, key)] = (f" <{prop.iri}> ", encode)
        return found

    def _props(self, subject: str, cls: Cls, props: dict[str, Any], out: list[str]) -> None:
        out.extend(subject + line for line in self._type_lines(cls))
        for key, value in props.items():
            if key == "id" or key.startswith("_"):
                continue
            predicate, encode = self._encoder(cls, key)
            for v in value if isinstance(value, list) else (value,):
                out.append(f"{subject}{predicate}{encode(v)} .\n")

    def _rel_class(self, rel_type: str) -> tuple[Cls, str, str]:
        found = self._rel_classes.get(rel_type)
        if found is None:
            cls = self.m.class_for_rel_type(rel_type)
            if cls is None or cls.rel_from is None or cls.rel_to is None:
                raise MappingError(f"relationship type {rel_type} has no class")
            found = self._rel_classes[rel_type] = (cls, f" <{cls.rel_from}> ", f" <{cls.rel_to}> ")
        return found

    def pieces(self, pg: PropertyGraph, size: int) -> Iterator[bytes]:
        """:meth:`write` of ``pg`` in pieces of at most ``size`` nodes or relationships."""
        nodes = list(pg.nodes.values())
        for i in range(0, len(nodes), size):
            yield self.write(PropertyGraph(nodes={n.id: n for n in nodes[i : i + size]}))
        rels = list(pg.rels.values())
        for i in range(0, len(rels), size):
            yield self.write(PropertyGraph(rels={r.key: r for r in rels[i : i + size]}))

    def write(self, pg: PropertyGraph) -> bytes:
        out: list[str] = []
        base = self.base
        for node in pg.nodes.values():
            self._props(f"<{base}{node.id}>", node.cls, node.props, out)
        for rel in pg.rels.values():
            if rel.id is not None:
                cls, start, end = self._rel_class(rel.type)
                subject = f"<{base}{rel.id}>"
                self._props(subject, cls, rel.props, out)
                out.append(f"{subject}{start}<{base}{rel.start}> .\n")
                out.append(f"{subject}{end}<{base}{rel.end}> .\n")
            else:
                predicate = self._rel_props.get(rel.type)
                if predicate is None:
                    raise MappingError(f"relationship type {rel.type} is not in the ontology")
                out.append(f"<{base}{rel.start}> {predicate} <{base}{rel.end}> .\n")
        return "".join(out).encode("utf-8")
