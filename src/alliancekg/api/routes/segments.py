from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...questions.steps import GREEDY_METHOD
from ..answers import AnswerRoute
from ..deps import BackendDep
from ..errors import ERROR_RESPONSES
from ..models import MegaAlliance, SingleFirmSegment

router = APIRouter(
    prefix="/segments", tags=["segments"], responses=ERROR_RESPONSES, route_class=AnswerRoute
)


@router.get(
    "/single-firm", response_model=list[SingleFirmSegment], response_model_exclude_unset=True
)
async def single_firm(backend: BackendDep) -> Any:
    """Segments that exactly one firm in a launched alliance covers, and whether another
    covers it too is `absent` (every such firm has segment data) or `unknown` (the
    firms without are listed in `unplaced`)."""
    return await backend.arun("single_firm_segments", {})


@router.get("/mega-alliance", response_model=MegaAlliance, response_model_exclude_unset=True)
async def mega_alliance(backend: BackendDep) -> Any:
    """A small set of firms covering every segment (greedy set cover); for each segment,
    `covered` (by which firm, on what basis), `absent` or `unknown` (companies without
    segment data, listed in `unplaced`, may cover it)."""
    rows = await backend.arun("mega_alliance", {})
    if not rows:
        return {
            "method": GREEDY_METHOD,
            "firm_count": 0,
            "firms": [],
            "segments": [],
            "unplaced": [],
            "firms_placed": 0,
            "firms_total": 0,
        }
    return rows[0]
