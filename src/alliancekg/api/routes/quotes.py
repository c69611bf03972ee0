from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...seeds import ID_PATTERN
from ..deps import BackendDep
from ..models import QuoteOut

router = APIRouter(tags=["quotes"])

OptionalId = Annotated[str | None, Query(max_length=200, pattern=ID_PATTERN.pattern)]


@router.get("/quotes", response_model=list[QuoteOut])
async def quotes(backend: BackendDep, person: OptionalId = None, about: OptionalId = None) -> Any:
    """Quotes by a person and/or about an alliance or organisation, with their sources."""
    return await backend.arun("quotes", {"person": person, "about": about})
