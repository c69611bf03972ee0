from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..answers import AnswerRoute
from ..deps import BackendDep, OptionalId
from ..errors import ERROR_RESPONSES
from ..models import QuoteOut

router = APIRouter(tags=["quotes"], responses=ERROR_RESPONSES, route_class=AnswerRoute)


@router.get("/quotes", response_model=list[QuoteOut], response_model_exclude_unset=True)
async def quotes(backend: BackendDep, person: OptionalId = None, about: OptionalId = None) -> Any:
    """Quotes by a person and/or about an alliance or organisation, with their sources."""
    return await backend.arun("quotes", {"person": person, "about": about})
