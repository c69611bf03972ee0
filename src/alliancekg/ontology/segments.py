"""The AI value-chain segments (``ontology/segments.ttl``, SKOS)."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..config import DEFAULT_BASE_IRI, home


@cache
def _default_segments() -> Graph:
    g = Graph()
    g.parse(home().segments_file, format="turtle")
    return g


def segment_graph(base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The value-chain segments under ``base_iri`` (a new graph each call)."""
    g = _default_segments()
    out = Graph()
    for s, p, o in g:
        out.add(
            tuple(  # type: ignore[arg-type]
                URIRef(base_iri + t.removeprefix(DEFAULT_BASE_IRI))
                if isinstance(t, URIRef) and t.startswith(DEFAULT_BASE_IRI)
                else t
                for t in (s, p, o)
            )
        )
    return out


def segment_names() -> dict[str, list[str]]:
    """Segment and scheme ids with their names, for resolving references."""
    g = _default_segments()
    out: dict[str, list[str]] = {}
    for s in set(g.subjects(RDF.type, None)):
        ident = str(s).removeprefix(DEFAULT_BASE_IRI)
        out[ident] = [str(o) for o in g.objects(s, SKOS.prefLabel)]
    return out
