"""RDF serialisation: formats, media types, and one entity's share of the graph."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .build import IriMaker, new_graph
from .exc import NotFound, UsageError
from .model import model


@dataclass(frozen=True)
class Format:
    name: str
    rdflib: str
    media_type: str
    extension: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "turtle", "text/turtle", "ttl"),
        Format("nt", "nt", "application/n-triples", "nt"),
        Format("jsonld", "json-ld", "application/ld+json", "jsonld"),
        Format("xml", "xml", "application/rdf+xml", "rdf"),
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}'; use one of {', '.join(FORMATS)}") from None


def serialize(graph: Graph, fmt: Format) -> bytes:
    data = graph.serialize(format=fmt.rdflib, encoding="utf-8")
    return data if data.endswith(b"\n") else data + b"\n"


def parse(data: bytes | str, fmt: Format) -> Graph:
    g = Graph()
    g.parse(data=data, format=fmt.rdflib)
    return g


def entity_graph(graph: Graph, ident: str, base: str) -> Graph:
    """An entity's own statements, plus the memberships, posts, quotes, figures,
    events and segment assignments that point at it, with their statements."""
    iri = IriMaker(base)
    subject = iri(ident)
    if (subject, RDF.type, None) not in graph:
        raise NotFound("entity", ident)
    m = model()
    fact_classes = {
        c.iri
        for c in m.classes.values()
        if c.section
        in {"memberships", "posts", "quotes", "figures", "events", "segment_assignments"}
    }
    out = new_graph(base)
    for triple in graph.triples((subject, None, None)):
        out.add(triple)
    for fact in set(graph.subjects(None, subject)):
        if not isinstance(fact, URIRef):
            continue
        if any(t in fact_classes for t in graph.objects(fact, RDF.type)):
            for triple in graph.triples((fact, None, None)):
                out.add(triple)
    return out
