from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from ..answers import AnswerRoute
from ..deps import AsOf, BackendDep, IdPath, PageDep
from ..errors import ERROR_RESPONSES
from ..models import (
    BridgeFirm,
    Company,
    CompetitorPair,
    ErrorOut,
    FirmWithoutAlliance,
    MultiAllianceFirm,
)
from ..moved import MOVED, moved_or_missing

router = APIRouter(
    prefix="/companies", tags=["companies"], responses=ERROR_RESPONSES, route_class=AnswerRoute
)

IncludeProposed = Annotated[bool, Query(description="count proposed alliances and memberships")]


@router.get(
    "/multi-alliance", response_model=list[MultiAllianceFirm], response_model_exclude_unset=True
)
async def multi_alliance(
    backend: BackendDep,
    request: Request,
    response: Response,
    as_of: AsOf,
    page: PageDep,
    min_alliances: Annotated[int, Query(ge=1, le=1000)] = 2,
    include_proposed: IncludeProposed = False,
    rollup: Annotated[
        Literal["firm", "group"],
        Query(
            description="group: count each firm at its top parent (its `parent`, followed up), "
            "each membership saying which firm of the group holds it"
        ),
    ] = "firm",
) -> Any:
    """Firms in at least `min_alliances` alliances, most alliances first, with role, dates
    and sources of each membership (queries/multi_alliance_firms.cypher; with
    `rollup=group`, groups: queries/multi_alliance_groups.cypher). One page of `limit`
    firms from `offset`; a full page carries a `Link: <...>; rel="next"` header."""
    rows = await backend.arun(
        "multi_alliance_groups" if rollup == "group" else "multi_alliance_firms",
        {
            "min_alliances": min_alliances,
            "as_of": as_of,
            "include_proposed": include_proposed,
            "limit": page.limit,
            "offset": page.offset,
        },
    )
    page.link_next(request, response, more=len(rows) == page.limit)
    return rows


@router.get(
    "/without-alliance", response_model=list[FirmWithoutAlliance], response_model_exclude_unset=True
)
async def without_alliance(backend: BackendDep) -> Any:
    """Companies in no launched alliance, with any proposals that name them."""
    return await backend.arun("firms_without_alliance", {})


@router.get("/bridges", response_model=list[BridgeFirm], response_model_exclude_unset=True)
async def bridges(backend: BackendDep, include_proposed: IncludeProposed = False) -> Any:
    """Firms that are the only member two alliances share, ranked by pairs bridged."""
    return await backend.arun("bridge_firms", {"include_proposed": include_proposed})


@router.get(
    "/competitor-pairs", response_model=list[CompetitorPair], response_model_exclude_unset=True
)
async def competitor_pairs(
    backend: BackendDep,
    request: Request,
    response: Response,
    page: PageDep,
    include_proposed: IncludeProposed = False,
) -> Any:
    """Pairs of firms in the same segment that share at least one alliance, by the first
    firm's id, then the second's. One page of `limit` pairs from `offset`; a full page
    carries a `Link: <...>; rel="next"` header."""
    rows = await backend.arun(
        "competitor_pairs",
        {"include_proposed": include_proposed, "limit": page.limit, "offset": page.offset},
    )
    page.link_next(request, response, more=len(rows) == page.limit)
    return rows


@router.get(
    "/{id}",
    response_model=Company,
    response_model_exclude_unset=True,
    responses={404: {"model": ErrorOut, "description": "unknown id"}, **MOVED},
)
async def company(backend: BackendDep, request: Request, id: IdPath) -> Any:
    """One organisation: memberships, segments, people, quotes about it. An id merged into
    another organisation redirects to it."""
    rows = await backend.arun("company", {"id": id})
    if not rows:
        return await moved_or_missing(request, backend, "organization", id)
    return rows[0]
