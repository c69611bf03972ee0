"""RDF terms of the graph: IRIs from ids, literals from checked values, a graph with the
project's prefixes bound."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..config import DEFAULT_BASE_IRI
from ..ontology import dates
from ..ontology.model import Kind, Model, Prop
from ..ontology.vocab import PREFIXES


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
    """The objects of a property's statements, from the values a seed reader checked."""
    if prop.kind is Kind.LANG:
        return [Literal(text, lang=lang) for text, lang in values]
    if prop.kind is Kind.REF:
        return [iri(v) for v in values]
    if prop.kind is Kind.VOCAB:
        return [m.vocab[prop.range][v] for v in values]
    return [literal(prop, v) for v in values]
