"""From checked seed records to the RDF graph: the canonical form of the data.

Every other form derives from this graph: Neo4j is loaded from it, the
exports serialise it, and a graph read back from Neo4j must be isomorphic
to it.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from ..config import DEFAULT_BASE_IRI
from ..ontology.model import Model, model
from ..ontology.segments import segment_graph
from ..rdf.terms import IriMaker, new_graph, value_terms
from .records import SeedSet


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
        # Every fact points at the sources that state it: its file's, and for a merged
        # entity or a fact several sources state, theirs.
        if "sources" in props:
            for source in rec.sources:
                if source != rec.id:
                    g.add((subject, props["sources"].iri, iri(source)))
        for prop in props.values():
            if prop.default is not None and prop.key not in rec.values:
                g.add((subject, prop.iri, prop.default))
    return g
