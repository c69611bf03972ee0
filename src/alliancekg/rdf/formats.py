"""RDF serialisation: formats, media types, content negotiation, JSON-LD context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from rdflib import Graph

from ..exc import NotAcceptable, UsageError
from ..ontology.vocab import PREFIXES


class RdfFormat(StrEnum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"
    xml = "xml"


@dataclass(frozen=True)
class MediaFormat:
    """A format a route may answer with: its name (``?format=``) and media type."""

    name: str
    media_type: str
    extension: str


@dataclass(frozen=True)
class Format(MediaFormat):
    """An RDF serialisation, with rdflib's name for it."""

    rdflib: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "text/turtle", "ttl", rdflib="turtle"),
        Format("nt", "application/n-triples", "nt", rdflib="nt"),
        Format("jsonld", "application/ld+json", "jsonld", rdflib="json-ld"),
        Format("xml", "application/rdf+xml", "rdf", rdflib="xml"),
    )
}


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


F = TypeVar("F", bound=MediaFormat)


def negotiate(accept: str | None, override: str | None) -> Format:
    """The RDF format to answer with (see :func:`negotiate_among`)."""
    return negotiate_among(accept, override, FORMATS)


def negotiate_among(accept: str | None, override: str | None, formats: Mapping[str, F]) -> F:
    """The format to answer with: ``?format=`` wins, then the Accept header's preference.

    ``formats`` are the formats the route serves, RDF's among them (Turtle is the
    default and answers ``*/*``). Raises :class:`UsageError` for an unknown ``format``
    and :class:`NotAcceptable` when the Accept header names no media type served.
    """
    served: Mapping[str, MediaFormat] = formats
    if override is not None:
        if override not in served:
            raise UsageError(f"unknown format '{override}'; use one of {', '.join(served)}")
        return served[override]  # type: ignore[return-value]
    if not accept or not accept.strip():
        return served["turtle"]  # type: ignore[return-value]
    by_type = {f.media_type: f for f in served.values()}
    by_type["application/json"] = served["jsonld"]
    by_type["text/plain"] = served["nt"]
    choices: list[tuple[float, int, MediaFormat]] = []
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
            fmt = served["turtle"] if media != "application/*" else served["nt"]
            choices.append((q - 0.0001, position, fmt))
        elif media in by_type:
            choices.append((q, position, by_type[media]))
    if not choices:
        raise NotAcceptable(accept, [f.media_type for f in served.values()])
    choices.sort(key=lambda c: (-c[0], c[1]))
    return choices[0][2]  # type: ignore[return-value]
