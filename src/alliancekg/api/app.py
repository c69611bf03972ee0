"""The FastAPI application: backend in ``app.state``, errors as JSON in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .. import __version__
from ..backend import Backend, make_backend
from ..config import Settings
from ..exc import (
    AllianceKGError,
    InvalidData,
    Neo4jUnavailable,
    NotFound,
    TooLarge,
    UsageError,
)
from ..export import NotAcceptable
from .models import ErrorOut, ValidationErrorOut
from .routes import alliances, companies, health, people, quotes, rdf, search, segments
from .routes.charts import router as charts_router
from .routes.guide import router as guide_router

DESCRIPTION = """
Overlap and gap analysis of industry alliances, answered from Neo4j (or the
embedded store) by the named queries in `queries/`. Every membership and quote
comes with the ids of the sources that state it.

Errors are JSON: 404 unknown id, 422 bad parameter, 503 when Neo4j cannot be
reached (within a few seconds).
"""

# The HTTP implementation uvicorn serves with: h11 refuses an oversized request line
# or header block (httptools, which uvicorn picks when installed, reads them whole).
HTTP_PROTOCOL = "h11"


def create_app(settings: Settings | None = None, backend: Backend | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "backend", None) is None:
            app.state.backend = make_backend(settings)
        yield
        await app.state.backend.aclose()
        app.state.backend.close()

    app = FastAPI(
        title="Alliance knowledge graph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={
            # A parameter FastAPI rejects, or one the named query's checks reject.
            422: {
                "model": ValidationErrorOut | ErrorOut,
                "description": "a bad parameter",
            },
            503: {"model": ErrorOut, "description": "Neo4j cannot be reached"},
        },
    )
    app.state.settings = settings
    app.state.backend = backend

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"error": "not_found", "detail": str(exc)}, status_code=404)

    @app.exception_handler(Neo4jUnavailable)
    async def unavailable(_: Request, exc: Neo4jUnavailable) -> JSONResponse:
        return JSONResponse(
            {"error": "neo4j_unavailable", "detail": str(exc)},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(TooLarge)
    async def too_large(_: Request, exc: TooLarge) -> JSONResponse:
        # The server is up; asking again the same way will not help, so no Retry-After.
        return JSONResponse({"error": "too_large", "detail": str(exc)}, status_code=503)

    @app.exception_handler(NotAcceptable)
    async def not_acceptable(_: Request, exc: NotAcceptable) -> JSONResponse:
        return JSONResponse({"error": "not_acceptable", "detail": str(exc)}, status_code=406)

    @app.exception_handler(UsageError)
    async def usage(_: Request, exc: UsageError) -> JSONResponse:
        return JSONResponse({"error": "bad_request", "detail": str(exc)}, status_code=422)

    @app.exception_handler(InvalidData)
    async def invalid(_: Request, exc: InvalidData) -> JSONResponse:
        return JSONResponse(
            {
                "error": "invalid_data",
                "detail": str(exc),
                "problems": [p.as_dict() for p in exc.problems],
            },
            status_code=500,
        )

    @app.exception_handler(AllianceKGError)
    async def other(_: Request, exc: AllianceKGError) -> JSONResponse:
        return JSONResponse({"error": "error", "detail": str(exc)}, status_code=500)

    for module in (health, companies, alliances, segments, people, quotes, search, rdf):
        app.include_router(module.router)
    app.include_router(charts_router)
    app.include_router(guide_router)
    return app
