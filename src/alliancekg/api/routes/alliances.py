from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from ...backends import Backend
from ..answers import AnswerRoute
from ..deps import AsOf, BackendDep, IdPath, PageDep
from ..errors import ERROR_RESPONSES
from ..models import Alliance, ErrorOut, Matrix, MemberAsOf, Overlap, SegmentGap
from ..moved import MOVED, moved_or_missing

router = APIRouter(
    prefix="/alliances", tags=["alliances"], responses=ERROR_RESPONSES, route_class=AnswerRoute
)


async def _missing(request: Request, backend: Backend, ident: str) -> RedirectResponse | None:
    """None when the alliance exists; a redirect when its id was merged into another;
    :class:`NotFound` otherwise."""
    if await backend.arun("alliance", {"id": ident}):
        return None
    return await moved_or_missing(request, backend, "alliance", ident)


@router.get("/matrix", response_model=Matrix, response_model_exclude_unset=True)
async def matrix(
    backend: BackendDep,
    include_proposed: Annotated[bool, Query(description="include proposed alliances")] = True,
) -> Any:
    """Shared-member counts for every ordered pair of alliances (diagonal: sizes)."""
    cells = await backend.arun("overlap_matrix", {"include_proposed": include_proposed})
    alliances = {c["a"]: {"id": c["a"], "name_ko": c["a_ko"], "name_en": c["a_en"]} for c in cells}
    return {"alliances": sorted(alliances.values(), key=lambda a: a["id"]), "cells": cells}


@router.get(
    "/{a}/overlap/{b}",
    response_model=Overlap,
    response_model_exclude_unset=True,
    responses={404: {"model": ErrorOut, "description": "unknown alliance"}, **MOVED},
)
async def overlap(
    backend: BackendDep,
    request: Request,
    response: Response,
    a: IdPath,
    b: IdPath,
    page: PageDep,
) -> Any:
    """Shared members of two alliances, Jaccard index and overlap coefficient. The sizes,
    `shared_count` and the coefficients count every member; `shared` is one page of
    `limit` shared members by id, from `offset`. When more follow, a
    `Link: <...>; rel="next"` header gives the next page."""
    rows = await backend.arun(
        "alliance_overlap", {"a": a, "b": b, "limit": page.limit, "offset": page.offset}
    )
    if not rows:
        return await _missing(request, backend, a) or await moved_or_missing(
            request, backend, "alliance", b
        )
    page.link_next(request, response, more=page.offset + page.limit < rows[0]["shared_count"])
    return rows[0]


@router.get(
    "/{id}/gaps",
    response_model=list[SegmentGap],
    response_model_exclude_unset=True,
    responses={404: {"model": ErrorOut, "description": "unknown alliance"}, **MOVED},
)
async def gaps(backend: BackendDep, request: Request, id: IdPath) -> Any:
    """Every value-chain segment of the alliance: `covered` (by whom, on what basis, with
    sources), `absent` (every member has segment data and none covers it) or `unknown`
    (members without segment data, listed in `unplaced`, may cover it); absent first,
    then unknown, then covered. `members_placed` of `members_total` have segment data."""
    rows = await backend.arun("alliance_segment_gaps", {"alliance": id})
    if not rows:
        return await moved_or_missing(request, backend, "alliance", id)
    return rows


@router.get(
    "/{id}/members",
    response_model=list[MemberAsOf],
    response_model_exclude_unset=True,
    responses={404: {"model": ErrorOut, "description": "unknown alliance"}, **MOVED},
)
async def members(backend: BackendDep, request: Request, id: IdPath, as_of: AsOf) -> Any:
    """Members as of a date (default: the end of time), each certain or uncertain."""
    rows = await backend.arun("members_as_of", {"alliance": id, "as_of": as_of or "9999-12-31"})
    if not rows:
        return await _missing(request, backend, id) or rows
    return rows


@router.get(
    "/{id}",
    response_model=Alliance,
    response_model_exclude_unset=True,
    responses={404: {"model": ErrorOut, "description": "unknown id"}, **MOVED},
)
async def alliance(backend: BackendDep, request: Request, id: IdPath) -> Any:
    """One alliance: members, figures, events, quotes and proposers."""
    rows = await backend.arun("alliance", {"id": id})
    if not rows:
        return await moved_or_missing(request, backend, "alliance", id)
    return rows[0]
