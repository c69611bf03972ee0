"""RDF serialisation: formats, media types, content negotiation, JSON-LD context."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rdflib import Graph

from ..exc import NotAcceptable, UsageError
from ..ontology.vocab import PREFIXES


class RdfFormat(StrEnum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"
    xml = "xml"


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


def jsonld_context(base: str) -> dict[str, object]:
    """The JSON-LD context served at /context.jsonld and embedded in JSON-LD exports."""
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
        raise NotAcceptable(accept, [f.media_type for f in FORMATS.values()])
    choices.sort(key=lambda c: (-c[0], c[1]))
    return choices[0][2]
