"""The FastAPI application: settings and backend in ``app.state``, one router, one
handler for the project's errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..backends import Backend, make_backend
from ..backends.cached import CachedBackend
from ..config import Settings
from ..views.explorer import STATIC
from . import caching, errors
from .routes import ROUTES

DESCRIPTION = """
Overlap and gap analysis of industry alliances, answered from Neo4j (or the
embedded store) by the named queries in `queries/`. Every membership and quote
comes with the ids of the sources that state it. The explorer, HTML pages of
the same answers in Korean and English, is at `/`.

Errors are JSON: 404 unknown id, 422 bad parameter, 503 when Neo4j cannot be
reached (within a few seconds).
"""

# The HTTP implementation uvicorn serves with: h11 refuses an oversized request line
# or header block (httptools, which uvicorn picks when installed, reads them whole).
HTTP_PROTOCOL = "h11"


def cached(backend: Backend, settings: Settings) -> Backend:
    """The backend behind the answers cache (``ALLIANCEKG_CACHE_SECONDS``, ``_ENTRIES``)."""
    if isinstance(backend, CachedBackend) or not isinstance(backend, Backend):
        return backend
    return CachedBackend(backend, settings.cache_seconds, settings.cache_entries)


def create_app(settings: Settings | None = None, backend: Backend | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "backend", None) is None:
            app.state.backend = cached(make_backend(settings), settings)
        yield
        await app.state.backend.aclose()
        app.state.backend.close()

    app = FastAPI(
        title="Alliance knowledge graph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.backend = None if backend is None else cached(backend, settings)
    errors.install(app)
    app.add_middleware(caching.Conditional, entries=settings.cache_entries)
    # The routes themselves, not a router that includes them: FastAPI matches an included
    # router's routes again on every request, level by level.
    app.router.routes.extend(ROUTES)
    # the explorer's stylesheet, script and Cytoscape.js, shipped inside the package
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
