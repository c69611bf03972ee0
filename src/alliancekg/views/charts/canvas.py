"""Sizes, the figure in design pixels, and the bytes of a picture.

A chart is laid out in design pixels (1/96 in) at the size its data needs (its
natural size) and drawn at the size asked for: the design is scaled to fit, so
a smaller picture is the same drawing, smaller, and a picture of another shape
gets room at its sides (or below), never overlap. Without a size, a picture is
its natural size, at least the chart's default size, at most ``MAX_SIDE``.

Sizes are in CSS pixels: a PNG is ``width`` × ``height`` pixels, and an SVG's
root says ``width`` × ``height`` at 96 dpi (in pt, as matplotlib writes it), so
both formats show at the same size in a web page.
"""

from __future__ import annotations

import io
import math
import re
import struct
from dataclasses import dataclass
from html import escape
from typing import Any

from ...exc import UsageError

MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
MIN_SIDE, MAX_SIDE = 400, 4000
CSS_DPI = 96

ACCENT = "#d9480f"
MUTED = "#868e96"
INK = "#212529"
SOFT_INK = "#495057"
PROPOSED_INK = "#868e96"


def check_size(width: int, height: int) -> None:
    for name, value in (("width", width), ("height", height)):
        if not MIN_SIDE <= value <= MAX_SIDE:
            raise UsageError(
                f"{name} must be between {MIN_SIDE} and {MAX_SIDE} pixels, not {value}"
            )


def output_size(
    natural: tuple[float, float],
    width: int | None,
    height: int | None,
    least: tuple[int, int] = (MIN_SIDE, MIN_SIDE),
) -> tuple[int, int]:
    """The pixels a picture is drawn at: as asked, the other side (when one is given)
    in the design's proportions, or by default the natural size, at least ``least``
    (the chart's default size: a small drawing is drawn larger) and scaled down to
    fit ``MAX_SIDE``."""
    w0, h0 = natural
    if width is None and height is None:
        w, h = max(w0, least[0]), max(h0, least[1])
        scale = min(1.0, MAX_SIDE / w, MAX_SIDE / h)
        return max(MIN_SIDE, round(w * scale)), max(MIN_SIDE, round(h * scale))
    if width is None:
        assert height is not None
        width = min(MAX_SIDE, max(MIN_SIDE, round(w0 * height / h0)))
    elif height is None:
        height = min(MAX_SIDE, max(MIN_SIDE, round(h0 * width / w0)))
    check_size(width, height)
    return width, height


def _inches(pixels: int, dpi: float) -> float:
    """Inches that give exactly ``pixels`` at ``dpi`` (matplotlib truncates to whole pixels)."""
    inches = pixels / dpi
    while int(inches * dpi) < pixels:
        inches = math.nextafter(inches, math.inf)
    return inches


@dataclass
class Canvas:
    """A figure ``width`` × ``height`` design pixels, the natural drawing centred in it;
    positions are given from the top left of the drawing."""

    fig: Any
    width: float
    height: float
    left: float  # where the drawing starts: the room the picture's shape leaves
    top: float

    def rect(self, x: float, y: float, w: float, h: float) -> list[float]:
        """Figure coordinates of the box ``w`` × ``h`` at (``x``, ``y``) from the top left."""
        return [
            (self.left + x) / self.width,
            1 - (self.top + y + h) / self.height,
            w / self.width,
            h / self.height,
        ]

    def axes(self, x: float, y: float, w: float, h: float) -> Any:
        return self.fig.add_axes(self.rect(x, y, w, h))

    def text(self, x: float, y: float, s: str, **kwargs: Any) -> Any:
        """Text anchored at (``x``, ``y``) from the top left of the drawing."""
        return self.fig.text(
            (self.left + x) / self.width, 1 - (self.top + y) / self.height, s, **kwargs
        )


def new_canvas(natural: tuple[float, float], width: int, height: int) -> Canvas:
    """A figure drawn at exactly ``width`` × ``height`` pixels holding the natural drawing."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    w0, h0 = natural
    scale = min(width / w0, height / h0)
    design_w, design_h = width / scale, height / scale
    dpi = CSS_DPI * scale
    fig = Figure(figsize=(_inches(width, dpi), _inches(height, dpi)), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)  # a renderer to measure with (savefig picks the format's own)
    return Canvas(fig, design_w, design_h, (design_w - w0) / 2, 0.0)


_SVG_ROOT = re.compile(rb"<svg\b[^>]*>")
_SVG_SIZE = re.compile(rb'\s(width|height)="[^"]*"')


def save(
    fig: Any, fmt: str, width: int, height: int, titles: dict[str, str] | None = None
) -> bytes:
    """The picture's bytes; in an SVG, each group named in ``titles`` gets a ``<title>``
    with the full text of a label drawn shortened."""
    if fmt not in MEDIA_TYPES:
        raise UsageError(f"unknown format '{fmt}'; use png or svg")
    buf = io.BytesIO()
    metadata: dict[str, Any] = (
        {"Date": None, "Creator": "alliancekg"} if fmt == "svg" else {"Software": "alliancekg"}
    )
    fig.savefig(buf, format=fmt, dpi=fig.dpi, facecolor="white", metadata=metadata)
    data = buf.getvalue()
    if fmt == "svg":
        # matplotlib sizes an SVG by its inches; show it at the pixels asked for
        # (the viewBox keeps the drawing, so it scales).
        size = {b"width": width, b"height": height}
        root = _SVG_ROOT.search(data)
        assert root is not None
        tag = _SVG_SIZE.sub(
            lambda m: b' %s="%gpt"' % (m.group(1), size[m.group(1)] * 72 / CSS_DPI),
            root.group(0),
        )
        data = data[: root.start()] + tag + data[root.end() :]
        for gid, full in (titles or {}).items():
            opening = f'<g id="{gid}">'.encode()
            title = f"<title>{escape(full, quote=False)}</title>".encode()
            data = data.replace(opening, opening + title, 1)
    return data


def picture_size(data: bytes) -> tuple[int, int]:
    """The pixels of a PNG, or of an SVG as this module writes it (pt at 96 dpi)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    root = _SVG_ROOT.search(data)
    if root is None:
        raise UsageError("not a PNG or SVG picture")
    sizes = dict(re.findall(rb'\s(width|height)="([0-9.]+)pt"', root.group(0)))
    return (
        round(float(sizes[b"width"]) * CSS_DPI / 72),
        round(float(sizes[b"height"]) * CSS_DPI / 72),
    )
