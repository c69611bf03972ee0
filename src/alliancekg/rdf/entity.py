"""One entity's share of the graph: what ``/entities/{id}`` and ``export --entity`` give."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..exc import NotFound
from ..ontology.model import model
from ..ontology.vocab import AKG
from .terms import IriMaker, new_graph


def entity_graph(graph: Graph, ident: str, base: str) -> Graph:
    """An entity's own statements, plus the memberships, posts, quotes, figures,
    events and segment assignments that point at it, with their statements."""
    iri = IriMaker(base)
    subject = iri(ident)
    m = model()
    node_classes = {c.iri for c in m.classes.values() if c.label is not None}
    if not any(t in node_classes for t in graph.objects(subject, RDF.type)):
        raise NotFound("entity", ident)
    fact_classes = {c.iri for c in m.fact_classes()}
    out = new_graph(base)
    for triple in graph.triples((subject, None, None)):
        out.add(triple)
    # Provenance links (akg:source) do not make a fact "about" its source.
    for fact, p in set(graph.subject_predicates(subject)):
        if not isinstance(fact, URIRef) or p == AKG.source:
            continue
        if any(t in fact_classes for t in graph.objects(fact, RDF.type)):
            for triple in graph.triples((fact, None, None)):
                out.add(triple)
    return out
