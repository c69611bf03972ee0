"""Pictures: the overlap heatmap and the multi-alliance UpSet plot, as PNG or SVG."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from ...views import charts
from ...views.charts import ChartFormat
from ..answers import AnswerRoute
from ..deps import BackendDep, SettingsDep
from ..errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/charts", tags=["charts"], responses=ERROR_RESPONSES, route_class=AnswerRoute
)


Width = Annotated[
    int | None,
    Query(ge=charts.MIN_SIDE, le=charts.MAX_SIDE, description="picture width in pixels"),
]
Height = Annotated[
    int | None,
    Query(ge=charts.MIN_SIDE, le=charts.MAX_SIDE, description="picture height in pixels"),
]

IMAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"image/png": {}, "image/svg+xml": {}},
        "description": "the picture; an SVG's width and height are the pixels at 96 dpi",
    },
    503: {"description": "Neo4j cannot be reached"},
}


def _picture(name: str, fmt: ChartFormat, data: bytes) -> Response:
    return Response(
        content=data,
        media_type=charts.MEDIA_TYPES[fmt.value],
        headers={"Content-Disposition": f'inline; filename="{name}.{fmt.value}"'},
    )


@router.get("/overlap.{fmt}", response_class=Response, responses=IMAGE_RESPONSES)
def overlap(
    backend: BackendDep,
    settings: SettingsDep,
    fmt: ChartFormat,
    include_proposed: Annotated[bool, Query(description="include proposed alliances")] = True,
    width: Width = None,
    height: Height = None,
) -> Response:
    """Heatmap of shared members for every pair of alliances (queries/overlap_matrix.cypher);
    the diagonal is each alliance's size. Default 1000 × 800."""
    data = charts.overlap_chart(
        backend,
        fmt.value,
        include_proposed=include_proposed,
        width=width,
        height=height,
        font=settings.cjk_font,
    )
    return _picture("overlap", fmt, data)


@router.get("/multi-alliance.{fmt}", response_class=Response, responses=IMAGE_RESPONSES)
def multi_alliance(
    backend: BackendDep,
    settings: SettingsDep,
    fmt: ChartFormat,
    include_proposed: Annotated[
        bool, Query(description="count proposed alliances and memberships")
    ] = False,
    width: Width = None,
    height: Height = None,
) -> Response:
    """UpSet-style plot: organisations grouped by the exact set of alliances they are in,
    the groups of two or more alliances highlighted and named
    (queries/multi_alliance_firms.cypher). Default 1100 × 720."""
    data = charts.multi_alliance_chart(
        backend,
        fmt.value,
        include_proposed=include_proposed,
        width=width,
        height=height,
        font=settings.cjk_font,
    )
    return _picture("multi-alliance", fmt, data)
