"""The Neo4j Browser guide (``:play http://localhost:8000/guide``) and the Browser style.

Neo4j Browser fetches remote guides and styles with cross-origin requests that
carry ``Cache-Control`` and ``Pragma`` headers, so it first sends a CORS
preflight; both routes answer it, and allow any origin (read-only content).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from ...exc import NotFound
from ...views.guide import grass_path, render_guide
from ..answers import AnswerRoute
from ..errors import ERROR_RESPONSES

router = APIRouter(tags=["guide"], responses=ERROR_RESPONSES, route_class=AnswerRoute)

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Max-Age": "600",
}


def _preflight(request: Request) -> Response:
    headers = dict(CORS)
    asked = request.headers.get("access-control-request-headers")
    headers["Access-Control-Allow-Headers"] = asked or "Cache-Control, Pragma, Content-Type"
    return Response(status_code=204, headers=headers)


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/guide", response_class=HTMLResponse)
def guide(request: Request) -> HTMLResponse:
    """The Browser guide: one slide per saved question in `queries/`, each with a clickable
    block (its `:param` lines and Cypher). In Neo4j Browser: `:play http://localhost:8000/guide`."""
    return HTMLResponse(
        render_guide(_base_url(request)), headers={**CORS, "Cache-Control": "no-cache"}
    )


@router.options("/guide", include_in_schema=False)
def guide_preflight(request: Request) -> Response:
    return _preflight(request)


@router.get(
    "/guide/style.grass",
    response_class=PlainTextResponse,
    responses={404: {"description": "the style file is not installed"}},
)
def style() -> PlainTextResponse:
    """Node colours and captions for Neo4j Browser (`browser/alliancekg.grass`).
    In Browser: `:style http://localhost:8000/guide/style.grass`."""
    path = grass_path()
    if not path.is_file():
        raise NotFound("style file", f"browser/{path.name}")
    return PlainTextResponse(
        path.read_text(encoding="utf-8"), headers={**CORS, "Cache-Control": "no-cache"}
    )


@router.options("/guide/style.grass", include_in_schema=False)
def style_preflight(request: Request) -> Response:
    return _preflight(request)
