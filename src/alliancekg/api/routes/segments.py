from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..deps import BackendDep
from ..models import MegaAlliance, SingleFirmSegment

router = APIRouter(prefix="/segments", tags=["segments"])


@router.get(
    "/single-firm", response_model=list[SingleFirmSegment], response_model_exclude_unset=True
)
async def single_firm(backend: BackendDep) -> Any:
    """Segments that exactly one alliance member covers."""
    return await backend.arun("single_firm_segments", {})


@router.get("/mega-alliance", response_model=MegaAlliance, response_model_exclude_unset=True)
async def mega_alliance(backend: BackendDep) -> Any:
    """A small set of firms covering every segment (greedy set cover), and what none covers."""
    rows = await backend.arun("mega_alliance", {})
    if not rows:
        return {"method": "greedy set cover", "firm_count": 0, "firms": [], "uncovered": []}
    return rows[0]
