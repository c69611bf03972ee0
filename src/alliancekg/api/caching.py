"""Conditional requests: every answer carries an ``ETag`` made from the graph's version
and the request, and ``Cache-Control`` saying how long it may be kept; a request whose
``If-None-Match`` names the current tag gets ``304 Not Modified`` without an answer
being computed."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from ..backends.cached import CachedBackend
from ..exc import AllianceKGError

# Routes that say how the service is, not what the graph holds, and files of the package.
UNTAGGED = ("/health", "/static/", "/docs", "/redoc", "/openapi.json")
# Request headers an answer's form depends on (content negotiation, the explorer's language).
VARY = ("accept", "accept-language")


def tag(version: str, request: Request) -> str:
    h = hashlib.sha256(version.encode())
    h.update(b"\0" + request.url.path.encode() + b"?" + request.url.query.encode())
    for name in VARY:
        h.update(b"\0" + request.headers.get(name, "").encode())
    return f'"{h.hexdigest()[:32]}"'


def _matches(header: str | None, current: str) -> bool:
    if header is None:
        return False
    if header.strip() == "*":
        return True
    return any(t.strip().removeprefix("W/") == current for t in header.split(","))


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def conditional(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        backend = request.app.state.backend
        if (
            request.method not in ("GET", "HEAD")
            or request.url.path.startswith(UNTAGGED)
            or not isinstance(backend, CachedBackend)
        ):
            return await call_next(request)
        try:
            version = await backend.aversion()
        except AllianceKGError:
            return await call_next(request)  # the route says what is wrong
        if version is None:
            return await call_next(request)
        current = tag(version, request)
        headers = {
            "ETag": current,
            "Cache-Control": backend.cache_control,
            "Vary": ", ".join(h.title() for h in VARY),
        }
        if _matches(request.headers.get("if-none-match"), current):
            return Response(status_code=304, headers=headers)
        response = await call_next(request)
        if response.status_code == 200:
            for name, value in headers.items():
                response.headers.setdefault(name, value)
        return response
