"""Where the facts come from: every source, and the neighbourhood of an entity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...backends import Backend
from ...exc import NotFound
from ..answers import AnswerRoute
from ..deps import BackendDep, IdPath
from ..errors import ERROR_RESPONSES
from ..models import ErrorOut, GraphEdge, Source

router = APIRouter(tags=["sources"], responses=ERROR_RESPONSES, route_class=AnswerRoute)


@router.get("/sources", response_model=list[Source], response_model_exclude_unset=True)
async def sources(backend: BackendDep) -> Any:
    """Every source of the graph (articles, curation notes) with title, publisher, date and
    address; the `sources` of every fact are ids of these (queries/sources.cypher)."""
    return await backend.arun("sources", {})


@router.get(
    "/entities/{id}/neighbourhood",
    response_model=list[GraphEdge],
    response_model_exclude_unset=True,
    responses={404: {"model": ErrorOut, "description": "unknown id"}},
)
async def neighbourhood(backend: BackendDep, id: IdPath) -> Any:
    """The relationships of an organisation, alliance or person, and the memberships of
    what they reach, both ends named (queries/neighbourhood.cypher): the explorer's graph."""
    edges = await backend.arun("neighbourhood", {"id": id})
    if not edges and not await _exists(backend, id):
        raise NotFound("organisation, alliance or person", id)
    return edges


async def _exists(backend: Backend, ident: str) -> bool:
    for question in ("company", "alliance", "person"):
        if await backend.arun(question, {"id": ident}):
            return True
    return False
