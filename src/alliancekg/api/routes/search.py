from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ..answers import AnswerRoute
from ..deps import BackendDep
from ..errors import ERROR_RESPONSES
from ..models import SearchHit

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES, route_class=AnswerRoute)


@router.get("/search", response_model=list[SearchHit], response_model_exclude_unset=True)
async def search(
    backend: BackendDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Korean or English")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Any:
    """Organisations, alliances, people and segments by name or alias, in Korean or
    English; the text is taken literally (no query syntax)."""
    return await backend.arun("search", {"q": q, "limit": limit})
