from __future__ import annotations

import itertools
import json
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response, StreamingResponse
from rdflib import Graph

from ...config import home
from ...exc import NotFound
from ...rdf.formats import (
    FORMATS,
    Format,
    RdfFormat,
    jsonld_context,
    negotiate,
    negotiate_among,
    serialize_as,
)
from ...tables.formats import EXPORT_FORMATS, TABLE_FORMATS, ExportFormat, export_bytes
from ..answers import AnswerRoute
from ..deps import BackendDep, IdPath, SettingsDep
from ..errors import ERROR_RESPONSES
from ..models import ErrorOut
from ..moved import MOVED, moved_or_missing_now

router = APIRouter(tags=["rdf"], responses=ERROR_RESPONSES, route_class=AnswerRoute)

FormatQuery = Annotated[
    RdfFormat | None,
    Query(alias="format", description="overrides the Accept header"),
]
RDF_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {f.media_type: {} for f in FORMATS.values()},
        "description": "RDF in the negotiated format",
    },
    406: {"model": ErrorOut, "description": "no acceptable RDF media type"},
}


ExportQuery = Annotated[
    ExportFormat | None,
    Query(alias="format", description="overrides the Accept header"),
]
EXPORT_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {f.media_type: {} for f in EXPORT_FORMATS.values()},
        "description": "RDF, tables (a zip of CSV files, or XLSX) or a network (GraphML, "
        "GEXF), in the negotiated format",
    },
    406: {"model": ErrorOut, "description": "no acceptable media type"},
}


@router.get("/export", response_class=Response, responses=EXPORT_RESPONSES)
def export(
    settings: SettingsDep,
    backend: BackendDep,
    fmt: ExportQuery = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """The whole graph as RDF, as tables analysts open (`csv`: a zip of one CSV file per
    table; `xlsx`: a sheet per table) or as a network for Gephi and yEd (`graphml`,
    `gexf`). N-Triples streams, in bounded memory."""
    chosen = negotiate_among(accept, fmt, EXPORT_FORMATS)
    if chosen.name in TABLE_FORMATS:
        data = export_bytes(chosen, backend.graph(), settings.base_iri, "alliancekg")
        disposition = f'attachment; filename="alliancekg.{chosen.extension}"'
        return Response(
            data, media_type=chosen.media_type, headers={"Content-Disposition": disposition}
        )
    assert isinstance(chosen, Format)
    if chosen.name == "nt":
        pieces = backend.ntriples()
        # The first piece before the response starts: Neo4j being down is then a
        # 503, not a dropped connection.
        first = next(pieces, b"")
        return StreamingResponse(itertools.chain([first], pieces), media_type=chosen.media_type)
    return Response(
        serialize_as(backend.graph(), chosen, settings.base_iri), media_type=chosen.media_type
    )


@router.get(
    "/entities/{id}",
    response_class=Response,
    responses=RDF_RESPONSES | {404: {"model": ErrorOut, "description": "unknown id"}} | MOVED,
)
def entity(
    request: Request,
    settings: SettingsDep,
    backend: BackendDep,
    id: IdPath,
    fmt: FormatQuery = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """One entity: its own statements and the memberships, posts, quotes, figures,
    events and segment assignments that point at it."""
    chosen = negotiate(accept, fmt)
    try:
        graph = backend.entity(id)
    except NotFound:
        return moved_or_missing_now(request, backend, "entity", id)
    return Response(serialize_as(graph, chosen, settings.base_iri), media_type=chosen.media_type)


@router.get("/ontology", response_class=Response, responses=RDF_RESPONSES)
def ontology(
    settings: SettingsDep,
    fmt: FormatQuery = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """The ontology (OWL in Turtle, or any other RDF format)."""
    chosen = negotiate(accept, fmt)
    if chosen.name == "turtle":
        return Response(home().ontology_file.read_bytes(), media_type=chosen.media_type)
    graph = Graph().parse(home().ontology_file, format="turtle")
    return Response(serialize_as(graph, chosen, settings.base_iri), media_type=chosen.media_type)


@router.get(
    "/context.jsonld",
    response_class=Response,
    responses={200: {"content": {"application/ld+json": {}}}},
)
def context(settings: SettingsDep) -> Response:
    """The JSON-LD context that JSON-LD exports use."""
    body = json.dumps(jsonld_context(settings.base_iri), indent=2)
    return Response(body.encode("utf-8"), media_type="application/ld+json")
