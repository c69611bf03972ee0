"""The project's errors as HTTP responses, in one place.

Every error class carries its status (``http_status``), the ``error`` word of
the JSON body, and any headers; :func:`error_response` reads them, so a route
raises and never builds an error response itself.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ..exc import AllianceKGError, InvalidData
from .models import ErrorOut, ValidationErrorOut

# The errors any route may answer, as OpenAPI documents them (each router declares them).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    # A parameter FastAPI rejects, or one the named query's checks reject.
    422: {"model": ValidationErrorOut | ErrorOut, "description": "a bad parameter"},
    503: {"model": ErrorOut, "description": "Neo4j cannot be reached"},
}


def error_body(exc: AllianceKGError) -> dict[str, object]:
    body: dict[str, object] = {"error": exc.error, "detail": str(exc)}
    if isinstance(exc, InvalidData):
        body["problems"] = [p.as_dict() for p in exc.problems]
    return body


async def error_response(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AllianceKGError)
    return JSONResponse(error_body(exc), status_code=exc.http_status, headers=exc.headers())


def install(app: FastAPI) -> None:
    """Answer every project error raised in a route by its class's status and body."""
    app.add_exception_handler(AllianceKGError, error_response)
