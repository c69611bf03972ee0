"""Pictures of the graph: the alliance × alliance overlap heatmap and an UpSet-style
plot of the firms in more than one alliance, as PNG or SVG.

The numbers come from the named questions through a backend
(``overlap_matrix``, ``multi_alliance_firms``), never from Cypher written here.
Each picture is laid out for its data, from three alliances to hundreds with
names of 80 characters in two scripts: sized to the rows it has, labels wrapped
or shortened to their room (full names in the SVG's ``<title>``), rows ordered
so that alliances sharing members are neighbours, the UpSet columns capped.

- :mod:`.fonts`: the Korean font, and the rule that a missing glyph is an error;
- :mod:`.canvas`: sizes, the figure in design pixels, the picture's bytes;
- :mod:`.labels`: measuring, wrapping and shortening text;
- :mod:`.layout`: the header, the order by similarity, text size for crowded rows;
- :mod:`.overlap` and :mod:`.upset`: the two pictures.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from ...exc import UsageError
from .canvas import MAX_SIDE, MEDIA_TYPES, MIN_SIDE, check_size, picture_size
from .fonts import korean_font_family, korean_font_files, missing_glyphs
from .overlap import DEFAULT_SIZE as OVERLAP_SIZE
from .overlap import (
    Alliance,
    Backend,
    OverlapData,
    overlap_chart,
    overlap_data,
    overlap_figure,
)
from .upset import DEFAULT_SIZE as MULTI_ALLIANCE_SIZE
from .upset import (
    Firm,
    Intersection,
    MultiAllianceData,
    multi_alliance_chart,
    multi_alliance_data,
    multi_alliance_figure,
)

__all__ = [
    "CHARTS",
    "DEFAULT_SIZE",
    "MAX_SIDE",
    "MEDIA_TYPES",
    "MIN_SIDE",
    "Alliance",
    "Backend",
    "ChartFormat",
    "ChartName",
    "Firm",
    "Intersection",
    "MultiAllianceData",
    "OverlapData",
    "check_size",
    "korean_font_family",
    "korean_font_files",
    "missing_glyphs",
    "multi_alliance_chart",
    "multi_alliance_data",
    "multi_alliance_figure",
    "overlap_chart",
    "overlap_data",
    "overlap_figure",
    "picture_size",
    "render",
]


class ChartFormat(StrEnum):
    png = "png"
    svg = "svg"


class ChartName(StrEnum):
    overlap = "overlap"
    multi_alliance = "multi-alliance"


CHARTS: tuple[str, ...] = tuple(ChartName)
# The smallest size a picture is drawn at without width and height; more rows
# make it larger (up to MAX_SIDE).
DEFAULT_SIZE: dict[str, tuple[int, int]] = {
    "overlap": OVERLAP_SIZE,
    "multi-alliance": MULTI_ALLIANCE_SIZE,
}


def render(
    chart: str,
    backend: Backend,
    fmt: str = "png",
    *,
    include_proposed: bool | None = None,
    width: int | None = None,
    height: int | None = None,
    font: Path | None = None,
) -> bytes:
    """One chart by name, drawn with ``font`` (default: the packaged Korean font);
    ``include_proposed=None`` takes the chart's own default
    (the default of the question it draws: true for overlap, false for multi-alliance)."""
    if fmt not in MEDIA_TYPES:
        raise UsageError(f"unknown format '{fmt}'; use png or svg")
    for name, value in (("width", width), ("height", height)):
        if value is not None and not MIN_SIDE <= value <= MAX_SIDE:
            raise UsageError(
                f"{name} must be between {MIN_SIDE} and {MAX_SIDE} pixels, not {value}"
            )
    drawers = {
        "overlap": (overlap_chart, True),
        "multi-alliance": (multi_alliance_chart, False),
    }
    if chart not in drawers:
        raise UsageError(f"unknown chart '{chart}'; charts: {', '.join(CHARTS)}")
    draw, default = drawers[chart]
    return draw(
        backend,
        fmt,
        include_proposed=default if include_proposed is None else include_proposed,
        width=width,
        height=height,
        font=font,
    )
