from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...exc import NotFound
from ..deps import BackendDep, IdPath
from ..models import ErrorOut, Person

router = APIRouter(prefix="/persons", tags=["people"])


@router.get(
    "/{id}",
    response_model=Person,
    response_model_exclude_unset=True,
    responses={404: {"model": ErrorOut, "description": "unknown id"}},
)
async def person(backend: BackendDep, id: IdPath) -> Any:
    """One person: posts held and quotes, each with its sources."""
    rows = await backend.arun("person", {"id": id})
    if not rows:
        raise NotFound("person", id)
    return rows[0]
