from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..answers import AnswerRoute
from ..deps import BackendDep, IdPath
from ..errors import ERROR_RESPONSES
from ..models import ErrorOut, Person
from ..moved import MOVED, moved_or_missing

router = APIRouter(
    prefix="/persons", tags=["people"], responses=ERROR_RESPONSES, route_class=AnswerRoute
)


@router.get(
    "/{id}",
    response_model=Person,
    response_model_exclude_unset=True,
    responses={404: {"model": ErrorOut, "description": "unknown id"}, **MOVED},
)
async def person(backend: BackendDep, request: Request, id: IdPath) -> Any:
    """One person: posts held and quotes, each with its sources. An id merged into
    another person redirects to them."""
    rows = await backend.arun("person", {"id": id})
    if not rows:
        return await moved_or_missing(request, backend, "person", id)
    return rows[0]
