"""Ids that 'same' judgements merged into another entity: requests for them are
redirected (308, permanent, method kept) to the entity that carries them now."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse

from ..backends import Backend
from ..exc import NotFound

MOVED: dict[int | str, dict[str, Any]] = {
    308: {"description": "the id was merged into another entity: follow Location"}
}


def _redirect(
    request: Request, rows: list[dict[str, Any]], what: str, ident: str
) -> RedirectResponse:
    if not rows or not rows[0].get("canonical"):
        raise NotFound(what, ident)
    canonical = rows[0]["canonical"]
    path = "/".join(canonical if part == ident else part for part in request.url.path.split("/"))
    return RedirectResponse(str(request.url.replace(path=path)), status_code=308)


async def moved_or_missing(
    request: Request, backend: Backend, what: str, ident: str
) -> RedirectResponse:
    """A redirect to the same request for the entity ``ident`` was merged into, or
    :class:`NotFound` when no entity carries ``ident``."""
    return _redirect(request, await backend.arun("resolve_id", {"id": ident}), what, ident)


def moved_or_missing_now(
    request: Request, backend: Backend, what: str, ident: str
) -> RedirectResponse:
    """:func:`moved_or_missing` for a route that runs in a worker thread."""
    return _redirect(request, backend.run("resolve_id", {"id": ident}), what, ident)
