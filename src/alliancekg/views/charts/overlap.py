"""The alliance × alliance overlap heatmap (``overlap_matrix``).

Rows and columns are the alliances, launched first, each group ordered so that
alliances sharing members sit side by side. Rows carry a number and the name in
both languages (wrapped, or shortened with the full name in the SVG's
``<title>``); columns carry the number only, so a column label never needs the
room of a name. Cells are sized to the number of alliances, print their count
while it fits, and are coloured by it always.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .canvas import (
    ACCENT,
    INK,
    MUTED,
    PROPOSED_INK,
    SOFT_INK,
    Canvas,
)
from .fonts import korean_font_family, rc
from .labels import Font, Titles, name_label
from .layout import (
    MARGIN,
    MIN_WIDTH,
    Header,
    by_similarity,
    header,
    header_width,
    picture,
    row_font_size,
    start,
)

DEFAULT_SIZE = (1000, 800)
COLOURS = ["#f8f9fa", "#ffc078", ACCENT]


class Backend(Protocol):
    """What a chart needs: the answers to named questions (any alliancekg backend)."""

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Alliance:
    id: str
    name_ko: str | None
    name_en: str | None
    proposed: bool

    @property
    def label(self) -> str:
        return name_label(self.name_ko, self.name_en, self.id)


@dataclass(frozen=True)
class OverlapData:
    alliances: list[Alliance]
    shared: dict[tuple[str, str], int]
    include_proposed: bool

    def size(self, alliance: str) -> int:
        return self.shared.get((alliance, alliance), 0)


def overlap_data(backend: Backend, include_proposed: bool = True) -> OverlapData:
    """The matrix from ``overlap_matrix``; an alliance is marked proposed when it is
    only in the answer that includes proposed alliances."""
    cells = backend.run("overlap_matrix", {"include_proposed": include_proposed})
    launched: set[str] | None = None
    if include_proposed:
        launched = {c["a"] for c in backend.run("overlap_matrix", {"include_proposed": False})}
    return from_cells(cells, launched)


def from_cells(cells: list[dict[str, Any]], launched: set[str] | None) -> OverlapData:
    """The matrix of an ``overlap_matrix`` answer, alliances in the heatmap's order;
    ``launched`` holds the launched alliances when the answer includes proposed ones."""
    names: dict[str, tuple[str | None, str | None]] = {}
    shared: dict[tuple[str, str], int] = {}
    for c in cells:
        names[c["a"]] = (c.get("a_ko"), c.get("a_en"))
        shared[(c["a"], c["b"])] = int(c["shared"])
    alliances = [
        Alliance(ident, ko, en, launched is not None and ident not in launched)
        for ident, (ko, en) in names.items()
    ]
    alliances.sort(key=lambda a: (a.proposed, -shared.get((a.id, a.id), 0), a.id))
    return OverlapData(similar_first(alliances, shared), shared, launched is not None)


def similar_first(alliances: list[Alliance], shared: dict[tuple[str, str], int]) -> list[Alliance]:
    """Launched alliances, then proposed ones, each ordered so that alliances with
    more members in common (Jaccard) are neighbours; the largest starts."""

    def size(a: Alliance) -> int:
        return shared.get((a.id, a.id), 0)

    def jaccard(a: Alliance, b: Alliance) -> float:
        both = shared.get((a.id, b.id), 0)
        either = size(a) + size(b) - both
        return both / either if either else 0.0

    groups = [[a for a in alliances if not a.proposed], [a for a in alliances if a.proposed]]
    return [a for group in groups for a in by_similarity(group, jaccard, size)]


COUNT_SIZES = (12.0, 10.0, 8.0)
ZEROS_UP_TO = 12  # alliances: with more, cells with no shared member stay blank


def cell_font(
    family: str, text: str, cell: float, sizes: tuple[float, ...] = COUNT_SIZES
) -> Font | None:
    """The largest of ``sizes`` at which ``text`` fits in a cell, or None."""
    for size in sizes:
        font = Font(family, size, "semibold")
        if font.width(text) <= cell - 6 and font.line <= cell - 2:
            return font
    return None


@dataclass(frozen=True)
class Plan:
    """Where everything goes, in design pixels from the top left of the drawing."""

    header: Header
    cell: float
    row_font: Font
    rows: list[str]  # row labels as drawn
    label_width: float
    column_rotated: bool
    count_font: Font | None  # None: the cells are too small for their counts
    width: float
    height: float

    @property
    def grid_left(self) -> float:
        return MARGIN + self.label_width + 10

    @property
    def grid_top(self) -> float:
        return self.header.height + self.column_height

    @property
    def column_height(self) -> float:
        return (self.row_font.width("000") if self.column_rotated else self.row_font.line) + 8


def _subtitle(data: OverlapData) -> list[str]:
    n = len(data.alliances)
    ids = [a.id for a in data.alliances]
    pairs = [(a, b) for a in ids for b in ids if a < b]
    overlapping = sum(1 for p in pairs if data.shared.get(p, 0) > 0)
    scope = (
        "launched and proposed alliances (include_proposed=true; proposed in grey italics)"
        if data.include_proposed
        else "launched alliances only (include_proposed=false)"
    )
    return [
        "Each cell: organisations with an active or proposed membership in both alliances; "
        "the grey diagonal is the alliance's own size.",
        f"{n} alliances, {scope}: {overlapping} of {len(pairs)} pairs share a member.",
        "Columns are numbered as the rows; alliances that share members are neighbours.",
    ]


TITLE = "Alliance × alliance overlap · 얼라이언스 간 공동 회원"


def plan(data: OverlapData, family: str) -> Plan:
    n = len(data.alliances)
    cell = max(14.0, min(56.0, 840 / max(n, 1)))
    row_font = Font(family, row_font_size(cell))
    lines = max(1, min(2, int((cell - 2) // row_font.line)))
    room = 360.0 if lines > 1 or n <= 24 else 300.0
    rows: list[str] = []
    for i, a in enumerate(data.alliances, start=1):
        font = Font(family, row_font.size, style="italic" if a.proposed else "normal")
        rows.append(font.fit(f"{i}  {a.label}", room, lines))
    label_width = max((row_font.width(r) for r in rows), default=0.0) + 4
    column_rotated = row_font.width(str(n)) > cell - 3
    off_diagonal = [v for (a, b), v in data.shared.items() if a != b]
    count_font = cell_font(family, str(max(off_diagonal, default=0)), cell)
    grid = cell * n
    bar = 110.0  # the colour bar, its numbers and its label
    inner = MARGIN + label_width + 10 + grid + 24 + bar + MARGIN
    subtitle = _subtitle(data)
    unwrapped = header_width(family, TITLE, subtitle, DEFAULT_SIZE[0])
    width = max(MIN_WIDTH, inner, unwrapped)
    head = header(family, TITLE, subtitle, width)
    column = (row_font.width("000") if column_rotated else row_font.line) + 8
    height = head.height + column + grid + 2 * MARGIN
    return Plan(head, cell, row_font, rows, label_width, column_rotated, count_font, width, height)


def overlap_figure(
    data: OverlapData,
    width: int | None = None,
    height: int | None = None,
    font: Path | None = None,
) -> Any:
    """The heatmap as a matplotlib figure (``width`` × ``height`` pixels, default: the
    size the data needs); ``figure.titles`` holds the full names of shortened labels."""
    import matplotlib

    with matplotlib.rc_context(rc(font)):
        p = plan(data, korean_font_family(font))
        canvas = start((p.width, p.height), width, height, DEFAULT_SIZE)
        _draw(canvas, p, data)
        return canvas.fig


def _draw(canvas: Canvas, p: Plan, data: OverlapData) -> None:
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.ticker import MaxNLocator

    p.header.draw(canvas)
    alliances = data.alliances
    n = len(alliances)
    titles: Titles = canvas.fig.titles
    if n == 0:
        canvas.text(
            p.width / 2, p.height / 2, "no alliances in the graph", ha="center", color=MUTED
        )
        return
    grid = p.cell * n
    ax = canvas.axes(p.grid_left, p.grid_top, grid, grid)
    off = np.full((n, n), np.nan)
    for i, a in enumerate(alliances):
        for j, b in enumerate(alliances):
            if i != j:
                off[i, j] = data.shared.get((a.id, b.id), 0)
    vmax = max(1.0, float(np.nanmax(off)) if n > 1 else 1.0)
    cmap = LinearSegmentedColormap.from_list("overlap", COLOURS).with_extremes(bad="#dee2e6")
    image = ax.imshow(np.ma.masked_invalid(off), cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    ax.set_xticks([])
    ax.set_yticks([])
    if p.cell >= 10:
        ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
        ax.tick_params(which="minor", length=0)
        ax.grid(which="minor", color="white", linewidth=min(2.0, p.cell / 14))
    for spine in ax.spines.values():
        spine.set_visible(False)
    if p.count_font is not None:
        for i, a in enumerate(alliances):
            for j in range(n):
                value = data.size(a.id) if i == j else int(off[i, j])
                font: Font | None = p.count_font
                if i == j:
                    # a large alliance's size may need a smaller font than the counts
                    color = SOFT_INK
                    sizes = tuple(x for x in (*COUNT_SIZES, 7.0, 6.0) if x <= p.count_font.size)
                    font = cell_font(p.count_font.family, str(value), p.cell, sizes)
                elif value == 0 and n > ZEROS_UP_TO:
                    continue  # the pale cell says it; thousands of zeros would only be noise
                else:
                    color = "white" if value > vmax * 0.6 else (INK if value else "#adb5bd")
                if font is None:
                    continue
                ax.text(
                    j,
                    i,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=font.size,
                    color=color,
                    weight="semibold" if value and i != j else "normal",
                )
    for i, (a, label) in enumerate(zip(alliances, p.rows, strict=True)):
        style = {"color": PROPOSED_INK, "style": "italic"} if a.proposed else {"color": INK}
        y = p.grid_top + (i + 0.5) * p.cell
        row = canvas.text(
            p.grid_left - 10,
            y,
            label,
            ha="right",
            va="center",
            fontsize=p.row_font.size,
            linespacing=1.1,
            **style,
        )
        titles.tag(row, f"{i + 1}  {a.label}")
        column = canvas.text(
            p.grid_left + (i + 0.5) * p.cell,
            p.grid_top - 4,
            str(i + 1),
            ha="center",
            va="bottom",
            rotation=90 if p.column_rotated else 0,
            fontsize=p.row_font.size,
            **style,
        )
        titles.tag(column, f"{i + 1}  {a.label}")
    bar_height = min(grid, 320.0)
    bar_axes = canvas.axes(p.grid_left + grid + 24, p.grid_top, 14, bar_height)
    bar = canvas.fig.colorbar(image, cax=bar_axes)
    bar.set_label("shared members · 공동 회원 수", fontsize=9.5)
    bar.locator = MaxNLocator(integer=True, nbins=max(2, int(bar_height // 40)))
    bar.update_ticks()
    bar.ax.tick_params(labelsize=9)
    bar.outline.set_visible(False)


def overlap_chart(
    backend: Backend,
    fmt: str = "png",
    *,
    include_proposed: bool = True,
    width: int | None = None,
    height: int | None = None,
    font: Path | None = None,
) -> bytes:
    data = overlap_data(backend, include_proposed)
    return picture(overlap_figure, data, fmt, width, height, font)
