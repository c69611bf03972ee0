from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ...exc import Neo4jUnavailable
from ..answers import AnswerRoute
from ..deps import BackendDep
from ..errors import ERROR_RESPONSES
from ..models import Health

router = APIRouter(tags=["health"], responses=ERROR_RESPONSES, route_class=AnswerRoute)


@router.get(
    "/health",
    response_model=Health,
    response_model_exclude_unset=True,
    responses={503: {"model": Health, "description": "Neo4j is configured but cannot be reached"}},
)
async def get_health(backend: BackendDep) -> Any:
    """Which backend serves, whether Neo4j answers, and its version."""
    try:
        info = await backend.ahealth()
    except Neo4jUnavailable as e:
        return JSONResponse(
            {
                "status": "unavailable",
                "backend": backend.name,
                "neo4j": {"reachable": False, "uri": e.uri, "cause": e.cause},
            },
            status_code=503,
        )
    return {"status": "ok", **info}
