"""Dependencies handed to routes. They read ``app.state``, which a test sets (a
backend of its own) instead of ``app.dependency_overrides``: the routes are shared by
every app, added as they are (:mod:`.routes`), so an app's overrides do not reach them.

Each is ``async``: none of them waits on anything, and FastAPI runs a plain ``def``
dependency in its thread pool, a hop per dependency per request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request, Response

from ..backends import Backend
from ..config import Settings
from ..ontology.ids import ID_PATTERN


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_backend(request: Request) -> Backend:
    backend: Backend = request.app.state.backend
    return backend


SettingsDep = Annotated[Settings, Depends(get_settings)]
BackendDep = Annotated[Backend, Depends(get_backend)]

IdPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        pattern=ID_PATTERN.pattern,
        description="An entity id, e.g. sk-telecom",
    ),
]
OptionalId = Annotated[
    str | None, Query(max_length=200, pattern=ID_PATTERN.pattern, description="An entity id")
]


async def as_of_date(
    as_of: Annotated[
        str | None,
        Query(
            max_length=10,
            pattern=r"^\d{4}-\d{2}-\d{2}$",
            description="A date, YYYY-MM-DD",
        ),
    ] = None,
) -> str | None:
    """A date that exists: 2024-02-30 is refused with 422, not answered."""
    if as_of is None:
        return None
    try:
        dt.date.fromisoformat(as_of)
    except ValueError as e:
        raise HTTPException(
            status_code=422,
            detail=[
                {
                    "loc": ["query", "as_of"],
                    "msg": f"'{as_of}' is not a real date ({e})",
                    "type": "value_error",
                }
            ],
        ) from None
    return as_of


AsOf = Annotated[str | None, Depends(as_of_date)]


# The largest page a paged route gives at once.
MAX_PAGE = 1000


@dataclass(frozen=True)
class Page:
    """Which part of a long answer a request asks for: ``limit`` records (or list
    items) after skipping ``offset``."""

    limit: int
    offset: int

    def link_next(self, request: Request, response: Response, more: bool) -> None:
        """When ``more`` follow this page, a ``Link: <...>; rel="next"`` header to them."""
        if more:
            following = request.url.include_query_params(
                offset=self.offset + self.limit, limit=self.limit
            )
            response.headers["Link"] = f'<{following}>; rel="next"'


async def page(
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description="at most this many (one page)")
    ] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="skip this many first")] = 0,
) -> Page:
    return Page(limit, offset)


PageDep = Annotated[Page, Depends(page)]
