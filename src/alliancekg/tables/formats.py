"""The export formats besides RDF: what ``alliancekg export --format`` and
``GET /export?format=`` write for spreadsheets and network tools, with media types."""

from __future__ import annotations

from enum import StrEnum

from rdflib import Graph

from ..rdf.formats import FORMATS, MediaFormat
from .export import graph_tables
from .networks import gexf, graphml
from .writers import csv_zip, xlsx

TABLE_FORMATS: dict[str, MediaFormat] = {
    f.name: f
    for f in (
        MediaFormat("csv", "application/zip", "zip"),  # a zip of CSV files, one per table
        MediaFormat(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
        ),
        MediaFormat("graphml", "application/graphml+xml", "graphml"),
        MediaFormat("gexf", "application/gexf+xml", "gexf"),
    )
}
# Every format an export may be written in: RDF first (Turtle is the default).
EXPORT_FORMATS: dict[str, MediaFormat] = {**FORMATS, **TABLE_FORMATS}


class ExportFormat(StrEnum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"
    xml = "xml"
    csv = "csv"
    xlsx = "xlsx"
    graphml = "graphml"
    gexf = "gexf"


def export_bytes(fmt: MediaFormat, graph: Graph, base: str, name: str) -> bytes:
    """``graph`` in a table or network format (``name`` names a CSV table set)."""
    if fmt.name == "csv":
        return csv_zip(name, graph_tables(graph, base))
    if fmt.name == "xlsx":
        return xlsx(graph_tables(graph, base))
    if fmt.name == "graphml":
        return graphml(graph, base)
    if fmt.name == "gexf":
        return gexf(graph, base)
    raise ValueError(f"{fmt.name} is not a table or network format")
