"""RDF serialisation: formats, media types, and one entity's share of the graph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .build import IriMaker, new_graph
from .exc import NotFound, UsageError
from .model import model
from .vocab import AKG

FACT_SECTIONS = ("memberships", "posts", "quotes", "figures", "events", "segment_assignments")


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


def _nt_literal(term: Literal) -> str:
    text = (
        str(term)
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace('"', '\\"')
        .replace("\r", "\\r")
    )
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
    """N-Triples for the statements, without building a graph first: the export path
    for large graphs (rdflib's ``Graph.add`` costs more than writing the lines)."""
    iris: dict[Node, str] = {}
    lines = []
    for s, p, o in triples:
        ps = iris.get(p)
        if ps is None:
            ps = iris[p] = f"<{p}>"
        lines.append(f"{_nt_term(s)} {ps} {_nt_term(o)} .\n")
    return "".join(lines).encode("utf-8")


def parse(data: bytes | str, fmt: Format) -> Graph:
    g = Graph()
    g.parse(data=data, format=fmt.rdflib)
    return g


def entity_graph(graph: Graph, ident: str, base: str) -> Graph:
    """An entity's own statements, plus the memberships, posts, quotes, figures,
    events and segment assignments that point at it, with their statements."""
    iri = IriMaker(base)
    subject = iri(ident)
    m = model()
    node_classes = {c.iri for c in m.classes.values() if c.label is not None}
    if not any(t in node_classes for t in graph.objects(subject, RDF.type)):
        raise NotFound("entity", ident)
    fact_classes = {c.iri for c in m.classes.values() if c.section in FACT_SECTIONS}
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


def jsonld_context(base: str) -> dict[str, object]:
    """The JSON-LD context served at /context.jsonld and embedded in JSON-LD exports."""
    from .vocab import PREFIXES

    return {"@context": {**PREFIXES, "id": base}}


def serialize_as(graph: Graph, fmt: Format, base: str) -> bytes:
    """Serialise; JSON-LD comes compacted with the published context."""
    if fmt.name == "jsonld":
        data = graph.serialize(
            format="json-ld",
            context=jsonld_context(base)["@context"],
            encoding="utf-8",
            auto_compact=True,
        )
        return data if data.endswith(b"\n") else data + b"\n"
    return serialize(graph, fmt)


def negotiate(accept: str | None, override: str | None) -> Format:
    """The format to answer with: ``?format=`` wins, then the Accept header's preference.

    Raises :class:`UsageError` for an unknown ``format`` and :class:`NotAcceptable`
    when the Accept header names no media type we serve.
    """
    if override is not None:
        return get_format(override)
    if not accept or not accept.strip():
        return FORMATS["turtle"]
    by_type = {f.media_type: f for f in FORMATS.values()}
    by_type["application/json"] = FORMATS["jsonld"]
    by_type["text/plain"] = FORMATS["nt"]
    choices: list[tuple[float, int, Format]] = []
    for position, part in enumerate(accept.split(",")):
        fields = [x.strip() for x in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in ("*/*", "text/*", "application/*"):
            fmt = FORMATS["turtle"] if media != "application/*" else FORMATS["nt"]
            choices.append((q - 0.0001, position, fmt))
        elif media in by_type:
            choices.append((q, position, by_type[media]))
    if not choices:
        raise NotAcceptable(accept)
    choices.sort(key=lambda c: (-c[0], c[1]))
    return choices[0][2]


class NotAcceptable(UsageError):
    def __init__(self, accept: str) -> None:
        super().__init__(
            f"cannot answer with {accept!r}; available: "
            + ", ".join(f.media_type for f in FORMATS.values())
        )
