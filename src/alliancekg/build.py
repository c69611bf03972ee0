"""From checked seed records to the RDF graph: the canonical form of the data.

Every other form derives from this graph: Neo4j is loaded from it, the
exports serialise it, and a graph read back from Neo4j must be isomorphic
to it.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from . import dates
from .model import Kind, Model, Prop, model
from .seeds import SeedSet, segment_graph
from .vocab import AKG, DEFAULT_BASE_IRI, PREFIXES


class IriMaker:
    """Stable IRIs: the base IRI followed by the entity's id."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base

    def __call__(self, ident: str) -> URIRef:
        return URIRef(self.base + ident)

    def id_of(self, iri: URIRef) -> str:
        return str(iri).removeprefix(self.base)


def new_graph(base: str = DEFAULT_BASE_IRI) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("id", base)
    return g


def literal(prop: Prop, value: Any) -> Literal:
    """The RDF literal for a checked value of a datatype property."""
    if prop.kind is Kind.DATE:
        return dates.to_literal(value)
    if prop.range == XSD.string:
        return Literal(value)
    if prop.range == XSD.boolean:
        return Literal(bool(value))
    return Literal(str(value), datatype=prop.range, normalize=False)


def value_terms(m: Model, prop: Prop, values: list[Any], iri: IriMaker) -> list[URIRef | Literal]:
    if prop.kind is Kind.LANG:
        return [Literal(text, lang=lang) for text, lang in values]
    if prop.kind is Kind.REF:
        return [iri(v) for v in values]
    if prop.kind is Kind.VOCAB:
        return [m.vocab[prop.range][v] for v in values]
    return [literal(prop, v) for v in values]


def build_graph(seeds: SeedSet, base: str = DEFAULT_BASE_IRI, m: Model | None = None) -> Graph:
    m = m or model()
    iri = IriMaker(base)
    g = new_graph(base)
    segments = segment_graph(base)
    g += segments
    for subject, t in segments.subject_objects(RDF.type):
        cls = m.classes.get(t)  # type: ignore[call-overload]
        for sup in m.types_of(cls) if cls is not None else []:
            g.add((subject, RDF.type, sup))
    for rec in seeds.records:
        subject = iri(rec.id)
        for t in m.types_of(rec.cls):
            g.add((subject, RDF.type, t))
        for key, values in rec.values.items():
            prop = rec.cls.props[key]
            for term in value_terms(m, prop, values, iri):
                g.add((subject, prop.iri, term))
        props = rec.cls.props
        if "sources" in props and rec.source_id and rec.source_id != rec.id:
            g.add((subject, AKG.source, iri(rec.source_id)))
        if "basis" in props and "basis" not in rec.values:
            g.add((subject, AKG.basis, AKG.stated))
        if "direct" in props and "direct" not in rec.values:
            g.add((subject, props["direct"].iri, Literal(True)))
        if "qualifier" in props and "qualifier" not in rec.values:
            g.add((subject, AKG.qualifier, AKG.exact))
    return g
