"""The UpSet-style plot of the organisations in more than one alliance
(``multi_alliance_firms``).

Columns are groups of organisations with exactly the same alliances, groups of
two or more alliances first (highlighted, their firms named above the bar),
each kind largest first; past ``TOP_GROUPS`` the rest are summed in one last bar.
Rows are the alliances of the groups shown, ordered so that alliances sharing
members sit side by side, with how many organisations each counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .canvas import ACCENT, INK, MUTED, PROPOSED_INK, Canvas
from .fonts import korean_font_family, rc
from .labels import Font, Titles
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
from .overlap import Alliance, Backend

DEFAULT_SIZE = (1100, 720)
TOP_GROUPS = 20  # columns at most, the last one summing the rest
GREY = "#adb5bd"
TITLE = "Firms in more than one alliance · 복수 얼라이언스 참여 기업"


@dataclass(frozen=True)
class Firm:
    id: str
    name_ko: str | None
    name_en: str | None
    alliances: frozenset[str]
    proposed_in: frozenset[str]  # alliances where every membership of the firm is proposed


@dataclass(frozen=True)
class Intersection:
    alliances: frozenset[str]
    firms: tuple[Firm, ...]

    @property
    def degree(self) -> int:
        return len(self.alliances)


@dataclass(frozen=True)
class MultiAllianceData:
    alliances: list[Alliance]
    intersections: list[Intersection]
    include_proposed: bool
    multi_launched: int  # firms in 2+ alliances counting launched alliances, active memberships

    @property
    def multi(self) -> list[Firm]:
        return [f for i in self.intersections if i.degree >= 2 for f in i.firms]

    def set_size(self, alliance: str) -> int:
        return sum(len(i.firms) for i in self.intersections if alliance in i.alliances)


def multi_alliance_data(backend: Backend, include_proposed: bool = False) -> MultiAllianceData:
    """Every organisation in at least one alliance (``multi_alliance_firms`` with
    ``min_alliances=1``), grouped by the exact set of alliances it is in."""
    rows = backend.run(
        "multi_alliance_firms",
        {"min_alliances": 1, "include_proposed": include_proposed, "as_of": None},
    )
    if include_proposed:
        launched = backend.run(
            "multi_alliance_firms", {"min_alliances": 2, "include_proposed": False, "as_of": None}
        )
        multi_launched = len(launched)
    else:
        multi_launched = sum(1 for r in rows if int(r["alliance_count"]) >= 2)
    names: dict[str, tuple[str | None, str | None]] = {}
    statuses: dict[str, set[str]] = {}
    firms: list[Firm] = []
    for r in rows:
        per_alliance: dict[str, set[str]] = {}
        for m in r["memberships"]:
            names[m["alliance"]] = (m.get("alliance_ko"), m.get("alliance_en"))
            per_alliance.setdefault(m["alliance"], set()).add(str(m.get("status")))
            statuses.setdefault(m["alliance"], set()).add(str(m.get("status")))
        firms.append(
            Firm(
                r["id"],
                r.get("name_ko"),
                r.get("name_en"),
                frozenset(per_alliance),
                frozenset(a for a, s in per_alliance.items() if s == {"proposed"}),
            )
        )
    groups: dict[frozenset[str], list[Firm]] = {}
    for f in firms:
        groups.setdefault(f.alliances, []).append(f)
    intersections = [
        Intersection(k, tuple(sorted(v, key=lambda f: f.id))) for k, v in groups.items()
    ]
    # groups of two or more alliances first, then the largest (with the most alliances)
    intersections.sort(key=lambda i: (i.degree < 2, -len(i.firms), -i.degree, sorted(i.alliances)))
    sizes = {a: sum(1 for f in firms if a in f.alliances) for a in names}
    alliances = [
        Alliance(a, ko, en, statuses.get(a) == {"proposed"}) for a, (ko, en) in names.items()
    ]
    alliances.sort(key=lambda a: (a.proposed, -sizes[a.id], a.id))
    return MultiAllianceData(alliances, intersections, include_proposed, multi_launched)


def _similar_rows(alliances: list[Alliance], firms: list[Firm]) -> list[Alliance]:
    """Launched, then proposed alliances, each so that alliances sharing firms are
    neighbours (Jaccard of their firms)."""
    members = {a.id: {f.id for f in firms if a.id in f.alliances} for a in alliances}

    def jaccard(a: Alliance, b: Alliance) -> float:
        union = members[a.id] | members[b.id]
        return len(members[a.id] & members[b.id]) / len(union) if union else 0.0

    groups = [[a for a in alliances if not a.proposed], [a for a in alliances if a.proposed]]
    return [a for g in groups for a in by_similarity(g, jaccard, lambda a: len(members[a.id]))]


def firm_names(firms: Iterable[Firm]) -> list[str]:
    return [f.name_ko or f.name_en or f.id for f in firms]


@dataclass(frozen=True)
class Plan:
    header: Header
    columns: list[Intersection]
    rest: list[Intersection]  # summed in the last column
    rows: list[Alliance]
    row_labels: list[str]
    names: dict[int, str]  # column -> the firms' names as drawn
    row_font: Font
    count_font: Font
    count_rotated: bool
    col: float
    row: float
    label_width: float
    sizes_width: float
    names_height: float
    bars_height: float
    rest_height: float
    width: float
    height: float

    @property
    def grid_left(self) -> float:
        return MARGIN + self.sizes_width + 8 + self.label_width + 8

    @property
    def bars_top(self) -> float:
        return self.header.height + self.names_height

    @property
    def matrix_top(self) -> float:
        return self.bars_top + self.bars_height + 6

    @property
    def n_columns(self) -> int:
        return len(self.columns) + (1 if self.rest else 0)


def _subtitle(data: MultiAllianceData, rest: list[Intersection], hidden: int) -> list[str]:
    multi = data.multi
    in_two = f"{len(multi)} organisation{'s' if len(multi) != 1 else ''} in 2+ alliances"
    if data.include_proposed:
        launched = (
            "no firm is in two"
            if data.multi_launched == 0
            else f"{data.multi_launched} in 2+ alliances"
        )
        lines = [
            "Counting proposed alliances and proposed memberships (include_proposed=true): "
            f"{in_two}.",
            f"Launched alliances and active memberships only: {launched}.",
            "Bars: organisations whose alliances are exactly the dots below "
            "(● member, ○ proposed membership); proposed alliances in grey italics.",
        ]
    else:
        lines = [
            "Launched alliances and active memberships only (include_proposed=false): "
            + ("no firm is in two alliances." if not multi else f"{in_two}."),
            "Bars: organisations whose alliances are exactly the dots below; "
            "include_proposed=true also counts proposals.",
        ]
    if rest:
        firms = sum(len(i.firms) for i in rest)
        lines.append(
            f"The last bar sums the {len(rest)} smaller groups ({firms} organisations)"
            + (f"; {hidden} alliances appear only there." if hidden else ".")
        )
    return lines


def plan(data: MultiAllianceData, family: str) -> Plan:
    columns, rest = data.intersections, []
    if len(columns) > TOP_GROUPS:
        columns, rest = columns[: TOP_GROUPS - 1], columns[TOP_GROUPS - 1 :]
    shown = {a for c in columns for a in c.alliances}
    firms = [f for i in data.intersections for f in i.firms]
    rows = _similar_rows([a for a in data.alliances if a.id in shown], firms)
    n_cols = len(columns) + (1 if rest else 0)
    col = max(26.0, min(48.0, 720 / max(n_cols, 1)))
    row = max(18.0, min(30.0, 560 / max(len(rows), 1)))
    row_font = Font(family, row_font_size(row))
    lines = max(1, min(2, int((row - 2) // row_font.line)))
    room = 360.0 if lines > 1 or len(rows) <= 24 else 300.0
    row_labels = [
        Font(family, row_font.size, style="italic" if a.proposed else "normal").fit(
            a.label, room, lines
        )
        for a in rows
    ]
    label_width = max((row_font.width(r) for r in row_labels), default=0.0) + 4
    count_font = Font(family, 10.0, "semibold")
    peak_text = str(max([len(c.firms) for c in columns] + [sum(len(i.firms) for i in rest)]))
    count_rotated = count_font.width(peak_text) > col - 4
    names_font = Font(family, 10.5, "semibold")
    names_room = 150.0
    names = {}
    for x, c in enumerate(columns):
        if c.degree >= 2:
            names[x] = _fit_names(names_font, firm_names(c.firms), names_room)
    names_height = (
        max((names_font.width(s) for s in names.values()), default=0.0) + 12 if names else 0.0
    )
    number_font = Font(family, 9.0)
    sizes_width = 90 + number_font.width(str(max((data.set_size(a.id) for a in rows), default=0)))
    rest_height = 0.0
    if rest:
        rest_height = number_font.width(_rest_label(rest)) + 12
    grid = col * n_cols
    inner = MARGIN + sizes_width + 8 + label_width + 8 + grid + MARGIN
    hidden = len(data.alliances) - len(rows) if rest else 0
    subtitle = _subtitle(data, rest, hidden)
    width = max(MIN_WIDTH, inner, header_width(family, TITLE, subtitle, DEFAULT_SIZE[0]))
    head = header(family, TITLE, subtitle, width)
    bars_height = 200.0
    body = names_height + bars_height + 6 + row * len(rows) + rest_height + 2 * MARGIN
    height = head.height + body
    return Plan(
        head, columns, rest, rows, row_labels, names, row_font, count_font, count_rotated,
        col, row, label_width, sizes_width, names_height, bars_height, rest_height, width,
        height,
    )  # fmt: skip


def _fit_names(font: Font, names: list[str], room: float) -> str:
    """As many names as fit in ``room`` pixels, then "+k"."""
    for shown in range(len(names), 0, -1):
        more = f" +{len(names) - shown}" if shown < len(names) else ""
        text = " · ".join(names[:shown]) + more
        if font.width(text) <= room:
            return text
    return font.shorten(names[0], room - font.width(f" +{len(names) - 1}")) + (
        f" +{len(names) - 1}" if len(names) > 1 else ""
    )


def _rest_label(rest: list[Intersection]) -> str:
    return f"{len(rest)} other groups · 그 밖의 {len(rest)}개 조합"


def multi_alliance_figure(
    data: MultiAllianceData,
    width: int | None = None,
    height: int | None = None,
    font: Path | None = None,
) -> Any:
    """The plot as a matplotlib figure (``width`` × ``height`` pixels, default: the size
    the data needs); ``figure.titles`` holds the full texts of shortened labels."""
    import matplotlib

    with matplotlib.rc_context(rc(font)):
        p = plan(data, korean_font_family(font))
        canvas = start((p.width, p.height), width, height, DEFAULT_SIZE)
        p.header.draw(canvas)
        if not data.alliances:
            canvas.text(
                p.width / 2, p.height / 2, "no memberships in the graph", ha="center", color=MUTED
            )
        else:
            _bars(canvas, p)
            _matrix(canvas, p)
            _sizes(canvas, p, data)
        return canvas.fig


def _bars(canvas: Canvas, p: Plan) -> None:
    from matplotlib.ticker import MaxNLocator

    titles: Titles = canvas.fig.titles
    ax = canvas.axes(p.grid_left, p.bars_top, p.col * p.n_columns, p.bars_height)
    counts = [len(c.firms) for c in p.columns]
    if p.rest:
        counts.append(sum(len(i.firms) for i in p.rest))
    # the summed bar does not set the scale: it is drawn at most as tall as the tallest
    # group shown, its count written above it
    peak = max(counts[: len(p.columns)], default=1) or 1
    widest = str(max(counts, default=0))
    label = (p.count_font.width(widest) if p.count_rotated else p.count_font.line) + 8
    ax.set_ylim(0, peak / max(0.2, 1 - label / p.bars_height))
    ax.set_xlim(-0.5, p.n_columns - 0.5)
    for x, count in enumerate(counts):
        multiple = x < len(p.columns) and p.columns[x].degree >= 2
        summed = x >= len(p.columns)
        ax.bar(
            x,
            min(count, peak),
            width=0.62,
            color=ACCENT if multiple else ("#dee2e6" if summed else GREY),
            hatch="//" if summed else None,
            edgecolor="white" if summed else None,
        )
        ax.annotate(
            str(count),
            (x, min(count, peak)),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            rotation=90 if p.count_rotated else 0,
            fontsize=p.count_font.size,
            weight="semibold" if multiple else "normal",
        )
    for x, text in p.names.items():
        drawn = canvas.text(
            p.grid_left + (x + 0.5) * p.col,
            p.bars_top - 6,
            text,
            rotation=90,
            ha="center",
            va="bottom",
            fontsize=10.5,
            color=ACCENT,
            weight="semibold",
        )
        titles.tag(drawn, " · ".join(firm_names(p.columns[x].firms)))
    ax.set_ylabel("organisations · 기관 수", fontsize=10)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    ax.tick_params(axis="y", labelsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", which="both", bottom=False, labelbottom=False)


def _matrix(canvas: Canvas, p: Plan) -> None:
    titles: Titles = canvas.fig.titles
    n_rows = len(p.rows)
    ax = canvas.axes(p.grid_left, p.matrix_top, p.col * p.n_columns, p.row * n_rows)
    ax.set_xlim(-0.5, p.n_columns - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.axis("off")
    row_of = {a.id: i for i, a in enumerate(p.rows)}
    for y in range(0, n_rows, 2):
        ax.axhspan(y - 0.5, y + 0.5, color="#f1f3f5", zorder=0)
    size = (min(p.col, p.row) * 0.55 * 72 / 96) ** 2
    for x, c in enumerate(p.columns):
        color = ACCENT if c.degree >= 2 else INK
        ys = sorted(row_of[a] for a in c.alliances)
        ax.scatter([x] * n_rows, range(n_rows), s=size * 0.85, color="#dee2e6", zorder=1)
        if len(ys) > 1:
            ax.plot([x, x], [ys[0], ys[-1]], color=color, linewidth=3, zorder=2)
        for member_of in c.alliances:
            proposed = all(member_of in f.proposed_in for f in c.firms)
            ax.scatter(
                [x],
                [row_of[member_of]],
                s=size,
                zorder=3,
                linewidths=2.2,
                edgecolors=color,
                facecolors="white" if proposed else color,
            )
    if p.rest:
        drawn = canvas.text(
            p.grid_left + (len(p.columns) + 0.5) * p.col,
            p.matrix_top + p.row * n_rows + 6,
            _rest_label(p.rest),
            rotation=90,
            ha="center",
            va="top",
            fontsize=9,
            color=MUTED,
        )
        titles.tag(drawn, "; ".join(" + ".join(sorted(i.alliances)) for i in p.rest))
    for i, (a, label) in enumerate(zip(p.rows, p.row_labels, strict=True)):
        style = {"color": PROPOSED_INK, "style": "italic"} if a.proposed else {"color": INK}
        drawn = canvas.text(
            p.grid_left - 8,
            p.matrix_top + (i + 0.5) * p.row,
            label,
            ha="right",
            va="center",
            fontsize=p.row_font.size,
            linespacing=1.1,
            **style,
        )
        titles.tag(drawn, a.label)


def _sizes(canvas: Canvas, p: Plan, data: MultiAllianceData) -> None:
    n_rows = len(p.rows)
    ax = canvas.axes(MARGIN, p.matrix_top, p.sizes_width, p.row * n_rows)
    widths = [data.set_size(a.id) for a in p.rows]
    peak = max(widths, default=1) or 1
    number = Font(p.row_font.family, 9.0).width(str(peak)) + 8
    ax.set_xlim(peak * p.sizes_width / max(1.0, p.sizes_width - number), 0)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.barh(range(n_rows), widths, color=MUTED, height=0.55)
    for y, w in enumerate(widths):
        ax.annotate(
            str(w),
            (w, y),
            xytext=(-3, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=9,
        )
    ax.axis("off")


def multi_alliance_chart(
    backend: Backend,
    fmt: str = "png",
    *,
    include_proposed: bool = False,
    width: int | None = None,
    height: int | None = None,
    font: Path | None = None,
) -> bytes:
    data = multi_alliance_data(backend, include_proposed)
    return picture(multi_alliance_figure, data, fmt, width, height, font)
