"""What both pictures lay out the same way: the header, the order of alliances, the
size of the text for the number of rows."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .canvas import SOFT_INK, Canvas, new_canvas, output_size, save
from .fonts import drawing
from .labels import Font, Titles

T = TypeVar("T", bound=Hashable)

MARGIN = 16.0
MIN_WIDTH = 720.0  # room for the header's lines without much wrapping


@dataclass(frozen=True)
class Header:
    """The title and the subtitle lines, wrapped to the width of the picture."""

    title: str
    lines: tuple[str, ...]
    title_font: Font
    font: Font

    @property
    def height(self) -> float:
        return 14 + self.title_font.line + 12 + self.font.line * len(self.lines) + 14

    def draw(self, canvas: Canvas) -> None:
        canvas.text(
            MARGIN,
            14,
            self.title,
            ha="left",
            va="top",
            fontsize=self.title_font.size,
            weight=self.title_font.weight,
        )
        y = 14 + self.title_font.line + 12
        for line in self.lines:
            canvas.text(
                MARGIN, y, line, ha="left", va="top", fontsize=self.font.size, color=SOFT_INK
            )
            y += self.font.line


def header(family: str, title: str, subtitle: Sequence[str], width: float) -> Header:
    """A header whose lines fit ``width`` design pixels (long lines are wrapped)."""
    title_font = Font(family, 17, "semibold")
    font = Font(family, 10.5)
    room = width - 2 * MARGIN
    lines: list[str] = []
    for line in subtitle:
        lines.extend(font.fit(line, room, lines=8).split("\n"))
    return Header(title_font.shorten(title, room), tuple(lines), title_font, font)


def header_width(family: str, title: str, subtitle: Sequence[str], most: float) -> float:
    """The width at which the header needs no wrapping, at most ``most``."""
    title_width = Font(family, 17, "semibold").width(title)
    longest = max([title_width, *(Font(family, 10.5).width(s) for s in subtitle)])
    return min(most, longest + 2 * MARGIN)


def by_similarity(
    items: Sequence[T], similarity: Callable[[T, T], float], weight: Callable[[T], float]
) -> list[T]:
    """Items in an order that puts similar ones side by side (greedy seriation): start
    with the heaviest, then repeatedly take the item most similar to the last one taken
    (ties: the heavier, then the earlier in ``items``). Items similar to nothing left
    follow by weight."""
    left = list(items)
    rank = {item: i for i, item in enumerate(items)}
    order: list[T] = []
    while left:
        if order:
            last = order[-1]
            best = max(left, key=lambda x: (similarity(last, x), weight(x), -rank[x]))
            if similarity(last, best) <= 0:
                best = max(left, key=lambda x: (weight(x), -rank[x]))
        else:
            best = max(left, key=lambda x: (weight(x), -rank[x]))
        order.append(best)
        left.remove(best)
    return order


def row_font_size(row_height: float) -> float:
    """Label size for rows ``row_height`` design pixels apart: smaller as rows crowd."""
    if row_height >= 28:
        return 10.5
    if row_height >= 18:
        return 9.0
    return 8.0


def start(
    natural: tuple[float, float],
    width: int | None,
    height: int | None,
    least: tuple[int, int],
) -> Canvas:
    """The canvas of a picture whose drawing is ``natural`` design pixels, drawn at
    ``width`` × ``height`` (see :func:`.canvas.output_size`); the figure carries its
    pixels (``size_px``) and the full texts of its shortened labels (``titles``)."""
    w, h = output_size(natural, width, height, least)
    canvas = new_canvas(natural, w, h)
    canvas.fig.titles = Titles()
    canvas.fig.size_px = (w, h)
    return canvas


def picture(
    figure: Callable[..., Any],
    data: Any,
    fmt: str,
    width: int | None,
    height: int | None,
    font: Path | None,
) -> bytes:
    """The bytes of ``figure(data, width, height, font)``, drawn one at a time, a
    missing glyph being an error."""
    with drawing(font):
        fig = figure(data, width, height, font)
        w, h = fig.size_px
        return save(fig, fmt, w, h, fig.titles.full)
