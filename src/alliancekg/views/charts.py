"""Pictures of the graph: the alliance × alliance overlap heatmap and an UpSet-style
plot of the firms in more than one alliance, as PNG or SVG.

The numbers come from the named questions through a backend
(``overlap_matrix``, ``multi_alliance_firms``), never from Cypher written here.
Labels are Korean, so the pictures are drawn with NanumGothic, the font the
``koreanize-matplotlib`` package ships (installed with alliancekg; the package
itself is never imported, only its font files are used). ``ALLIANCEKG_CJK_FONT``
names another font file (e.g. a system Noto Sans CJK). A drawing that would
need a glyph no font has (a "tofu" box) raises :class:`MissingGlyphs` instead of
returning a picture.

Sizes are in CSS pixels: a PNG is ``width`` × ``height`` pixels, and an SVG's
root says ``width`` × ``height`` at 96 dpi (in pt, as matplotlib writes it), so
both formats show at the same size in a web page.
"""

from __future__ import annotations

import importlib.util
import io
import math
import re
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from ..exc import FontUnavailable, MissingGlyphs, UsageError


class Backend(Protocol):
    """What a chart needs: the answers to named questions (any alliancekg backend)."""

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


class ChartFormat(StrEnum):
    png = "png"
    svg = "svg"


class ChartName(StrEnum):
    overlap = "overlap"
    multi_alliance = "multi-alliance"


MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
CHARTS: tuple[str, ...] = tuple(ChartName)
DEFAULT_SIZE: dict[str, tuple[int, int]] = {
    "overlap": (1000, 800),
    "multi-alliance": (1100, 720),
}
MIN_SIDE, MAX_SIDE = 400, 4000
CSS_DPI = 96

FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")

_GLYPH_MISSING = re.compile(r"Glyph \d+ .* missing from (current )?font")
# matplotlib keeps global state (rcParams, the font cache); draw one picture at a time.
_LOCK = threading.Lock()

ACCENT = "#d9480f"
MUTED = "#868e96"
INK = "#212529"
PROPOSED_INK = "#868e96"


# --- fonts --------------------------------------------------------------------


def korean_font_files(font: Path | None = None) -> list[Path]:
    """The font files charts are drawn with, regular first: ``font`` (the setting
    ALLIANCEKG_CJK_FONT) when given, else the NanumGothic files installed with
    koreanize-matplotlib."""
    if font is not None:
        if not font.is_file():
            raise FontUnavailable(f"ALLIANCEKG_CJK_FONT={font} is not a font file")
        return [font]
    spec = importlib.util.find_spec(FONT_PACKAGE)  # finds the package without importing it
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        files = [Path(location) / "fonts" / name for name in FONT_FILES]
        if files[0].is_file():
            return [f for f in files if f.is_file()]
    raise FontUnavailable(
        "no Korean font for the charts: install alliancekg with its dependencies "
        "(pip install koreanize-matplotlib) or set ALLIANCEKG_CJK_FONT to a font file with Hangul"
    )


@cache
def korean_font_family(font: Path | None = None) -> str:
    """Register the Korean font with matplotlib once; return its family name."""
    from matplotlib import font_manager

    files = korean_font_files(font)
    for path in files:
        font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(files[0])).get_name())


def missing_glyphs(text: str, font_path: Path | None = None) -> set[str]:
    """The characters of ``text`` (spaces aside) that the font's character map lacks."""
    from matplotlib.ft2font import FT2Font

    path = font_path or korean_font_files()[0]
    charmap = FT2Font(str(path)).get_charmap()
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in charmap}


@contextmanager
def _drawing(font: Path | None = None) -> Iterator[None]:
    """matplotlib settings for one picture; glyphs missing from every font are an error."""
    import matplotlib

    family = korean_font_family(font)
    rc: Any = {
        "font.family": [family],  # no fallback: a missing glyph is an error, not a box
        "font.size": 11,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",  # text as outlines: the SVG needs no font where it is shown
        "svg.hashsalt": "alliancekg",  # the same data gives the same SVG
    }
    with _LOCK, matplotlib.rc_context(rc), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing = [str(w.message) for w in caught if _GLYPH_MISSING.search(str(w.message))]
    if missing:
        raise MissingGlyphs(missing)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


# --- sizes and output -----------------------------------------------------------


def check_size(width: int, height: int) -> None:
    for name, value in (("width", width), ("height", height)):
        if not MIN_SIDE <= value <= MAX_SIDE:
            raise UsageError(
                f"{name} must be between {MIN_SIDE} and {MAX_SIDE} pixels, not {value}"
            )


def _scale(chart: str, width: int, height: int) -> float:
    """How much larger than at its default size the picture is drawn: a smaller picture
    is the same design, smaller, not the same text on less room."""
    w0, h0 = DEFAULT_SIZE[chart]
    return min(width / w0, height / h0)


def _inches(pixels: int, dpi: float) -> float:
    """Inches that give exactly ``pixels`` at ``dpi`` (matplotlib truncates to whole pixels)."""
    inches = pixels / dpi
    while int(inches * dpi) < pixels:
        inches = math.nextafter(inches, math.inf)
    return inches


def _figure(chart: str, width: int, height: int) -> Any:
    """A figure laid out in "design pixels" (1/96 in) and drawn ``width`` × ``height``."""
    from matplotlib.figure import Figure

    check_size(width, height)
    dpi = CSS_DPI * _scale(chart, width, height)
    return Figure(
        figsize=(_inches(width, dpi), _inches(height, dpi)),
        dpi=dpi,
        facecolor="white",
        layout="constrained",
    )


_SVG_ROOT = re.compile(rb"<svg\b[^>]*>")
_SVG_SIZE = re.compile(rb'\s(width|height)="[^"]*"')


def _save(fig: Any, fmt: str, width: int, height: int) -> bytes:
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
    return data


def _header(fig: Any, title: str, subtitle: Sequence[str]) -> None:
    """Title and subtitle lines at the top left; the axes are laid out below them."""
    # positions in design pixels: 1/96 in, whatever the picture's scale
    width, height = fig.get_figwidth() * CSS_DPI, fig.get_figheight() * CSS_DPI
    x = 16 / width
    fig.text(x, 1 - 14 / height, title, ha="left", va="top", fontsize=17, weight="semibold")
    y = 1 - 50 / height
    for line in subtitle:
        fig.text(x, y, line, ha="left", va="top", fontsize=10.5, color="#495057")
        y -= 19 / height
    fig.get_layout_engine().set(rect=(0, 0, 1, y - 10 / height), h_pad=0.1, w_pad=0.1)


def _label(ko: str | None, en: str | None, ident: str) -> str:
    if ko and en and en != ko:
        return f"{ko} · {en}"
    return ko or en or ident


# --- the overlap heatmap --------------------------------------------------------------


@dataclass(frozen=True)
class Alliance:
    id: str
    name_ko: str | None
    name_en: str | None
    proposed: bool

    @property
    def label(self) -> str:
        return _label(self.name_ko, self.name_en, self.id)


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
    return OverlapData(alliances, shared, include_proposed)


def overlap_figure(data: OverlapData, width: int, height: int) -> Any:
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    fig = _figure("overlap", width, height)
    alliances = data.alliances
    n = len(alliances)
    pairs = [(a.id, b.id) for a in alliances for b in alliances if a.id < b.id]
    overlapping = sum(1 for p in pairs if data.shared.get(p, 0) > 0)
    scope = (
        "launched and proposed alliances (include_proposed=true; proposed in grey italics)"
        if data.include_proposed
        else "launched alliances only (include_proposed=false)"
    )
    _header(
        fig,
        "Alliance × alliance overlap · 얼라이언스 간 공동 회원",
        [
            "Each cell: organisations with an active or proposed membership in both alliances; "
            "the grey diagonal is the alliance's own size.",
            f"{n} alliances, {scope}: {overlapping} of {len(pairs)} pairs share a member.",
        ],
    )
    ax = fig.add_subplot()
    if n == 0:
        ax.axis("off")
        ax.text(0.5, 0.5, "no alliances in the graph", ha="center", va="center", color=MUTED)
        return fig
    off = np.full((n, n), np.nan)
    for i, a in enumerate(alliances):
        for j, b in enumerate(alliances):
            if i != j:
                off[i, j] = data.shared.get((a.id, b.id), 0)
    vmax = max(1.0, float(np.nanmax(off)) if n > 1 else 1.0)
    cmap = LinearSegmentedColormap.from_list(
        "overlap", ["#f8f9fa", "#ffc078", ACCENT]
    ).with_extremes(bad="#dee2e6")  # bad: the diagonal
    image = ax.imshow(np.ma.masked_invalid(off), cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    for i, a in enumerate(alliances):
        for j in range(n):
            if i == j:
                ax.text(
                    j,
                    i,
                    str(data.size(a.id)),
                    ha="center",
                    va="center",
                    color="#495057",
                    fontsize=12,
                )
                continue
            value = int(off[i, j])
            color = "white" if value > vmax * 0.6 else (INK if value else "#adb5bd")
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=13,
                color=color,
                weight="semibold" if value else "normal",
            )
    ax.set_xticks(
        range(n),
        [a.name_ko or a.id for a in alliances],
        rotation=30,
        ha="right",
        rotation_mode="anchor",
    )
    ax.set_yticks(range(n), [a.label for a in alliances])
    ax.tick_params(axis="both", which="both", length=0, labelsize=10.5)
    for labels in (ax.get_xticklabels(), ax.get_yticklabels()):
        for text, a in zip(labels, alliances, strict=True):
            if a.proposed:
                text.set_color(PROPOSED_INK)
                text.set_style("italic")
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.tick_params(which="minor", length=0)
    ax.grid(which="minor", color="white", linewidth=2)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.035, pad=0.02)
    bar.set_label("shared members · 공동 회원 수")
    bar.locator = _integer_locator()
    bar.update_ticks()
    bar.outline.set_visible(False)
    return fig


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def overlap_chart(
    backend: Backend,
    fmt: str = "png",
    *,
    include_proposed: bool = True,
    width: int | None = None,
    height: int | None = None,
    font: Path | None = None,
) -> bytes:
    w, h = _size("overlap", width, height)
    data = overlap_data(backend, include_proposed)
    with _drawing(font):
        return _save(overlap_figure(data, w, h), fmt, w, h)


# --- the UpSet-style plot of multi-alliance firms --------------------------------------


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
    intersections.sort(key=lambda i: (-i.degree, -len(i.firms), sorted(i.alliances)))
    sizes = {a: sum(1 for f in firms if a in f.alliances) for a in names}
    alliances = [
        Alliance(a, ko, en, statuses.get(a) == {"proposed"}) for a, (ko, en) in names.items()
    ]
    alliances.sort(key=lambda a: (a.proposed, -sizes[a.id], a.id))
    return MultiAllianceData(alliances, intersections, include_proposed, multi_launched)


def _names(firms: Iterable[Firm], limit: int = 4) -> str:
    shown = [f.name_ko or f.name_en or f.id for f in firms]
    if len(shown) > limit:
        return "\n".join([*shown[: limit - 1], f"+{len(shown) - limit + 1}"])
    return "\n".join(shown)


def multi_alliance_figure(data: MultiAllianceData, width: int, height: int) -> Any:
    fig = _figure("multi-alliance", width, height)
    multi = data.multi
    in_two = f"{len(multi)} organisation{'s' if len(multi) != 1 else ''} in 2+ alliances"
    if data.include_proposed:
        launched = (
            "no firm is in two"
            if data.multi_launched == 0
            else f"{data.multi_launched} in 2+ alliances"
        )
        subtitle = [
            "Counting proposed alliances and proposed memberships (include_proposed=true): "
            f"{in_two}.",
            f"Launched alliances and active memberships only: {launched}.",
            "Bars: organisations whose alliances are exactly the dots below "
            "(● member, ○ proposed membership); proposed alliances in grey italics.",
        ]
    else:
        subtitle = [
            "Launched alliances and active memberships only (include_proposed=false): "
            + ("no firm is in two alliances." if not multi else f"{in_two}."),
            "Bars: organisations whose alliances are exactly the dots below; "
            "include_proposed=true also counts proposals.",
        ]
    _header(fig, "Firms in more than one alliance · 복수 얼라이언스 참여 기업", subtitle)
    alliances = data.alliances
    columns = data.intersections
    if not alliances:
        ax = fig.add_subplot()
        ax.axis("off")
        ax.text(0.5, 0.5, "no memberships in the graph", ha="center", va="center", color=MUTED)
        return fig

    n_rows, n_cols = len(alliances), len(columns)
    grid = fig.add_gridspec(2, 2, width_ratios=(1, 4.2), height_ratios=(3, 0.32 * n_rows + 0.4))
    bars = fig.add_subplot(grid[0, 1])
    matrix = fig.add_subplot(grid[1, 1], sharex=bars)
    sizes = fig.add_subplot(grid[1, 0], sharey=matrix)

    counts = [len(c.firms) for c in columns]
    peak = max(counts, default=1)
    for x, c in enumerate(columns):
        multiple = c.degree >= 2
        bars.bar(x, len(c.firms), color=ACCENT if multiple else "#adb5bd", width=0.62)
        bars.text(
            x,
            len(c.firms) + peak * 0.02,
            str(len(c.firms)),
            ha="center",
            va="bottom",
            fontsize=11,
            weight="semibold" if multiple else "normal",
        )
        if multiple:
            bars.text(
                x,
                len(c.firms) + peak * 0.12,
                _names(c.firms),
                ha="center",
                va="bottom",
                fontsize=11.5,
                color=ACCENT,
                weight="semibold",
            )
    lines = max((len(_names(c.firms).splitlines()) for c in columns if c.degree >= 2), default=0)
    bars.set_ylim(0, peak * (1.12 + 0.16 * lines + (0.1 if lines else 0)) + 0.3)
    bars.set_ylabel("organisations · 기관 수")
    bars.yaxis.set_major_locator(_integer_locator())
    for side in ("top", "right"):
        bars.spines[side].set_visible(False)
    bars.tick_params(axis="x", which="both", bottom=False, labelbottom=False)

    row_of = {a.id: i for i, a in enumerate(alliances)}
    for y in range(0, n_rows, 2):
        matrix.axhspan(y - 0.5, y + 0.5, color="#f1f3f5", zorder=0)
    for x, c in enumerate(columns):
        color = ACCENT if c.degree >= 2 else INK
        ys = sorted(row_of[a] for a in c.alliances)
        matrix.scatter([x] * n_rows, range(n_rows), s=110, color="#dee2e6", zorder=1)
        if len(ys) > 1:
            matrix.plot([x, x], [ys[0], ys[-1]], color=color, linewidth=3, zorder=2)
        for member_of in c.alliances:
            proposed = all(member_of in f.proposed_in for f in c.firms)
            matrix.scatter(
                [x],
                [row_of[member_of]],
                s=130,
                zorder=3,
                linewidths=2.2,
                edgecolors=color,
                facecolors="white" if proposed else color,
            )
    matrix.set_xlim(-0.6, n_cols - 0.4)
    matrix.set_ylim(n_rows - 0.5, -0.5)
    matrix.set_yticks(range(n_rows), [a.label for a in alliances])
    matrix.tick_params(axis="both", which="both", length=0, labelsize=10.5)
    matrix.tick_params(axis="x", labelbottom=False)
    for text, a in zip(matrix.get_yticklabels(), alliances, strict=True):
        if a.proposed:
            text.set_color(PROPOSED_INK)
            text.set_style("italic")
    for spine in matrix.spines.values():
        spine.set_visible(False)

    widths = [data.set_size(a.id) for a in alliances]
    sizes.barh(range(n_rows), widths, color="#868e96", height=0.55)
    sizes.set_xlim(max(widths, default=1) * 1.4 + 0.5, 0)
    for y, w in enumerate(widths):
        sizes.text(w, y, f"{w}  ", ha="right", va="center", fontsize=10)
    sizes.set_xlabel("organisations counted", fontsize=9.5, color="#495057")
    sizes.tick_params(axis="y", left=False, labelleft=False)
    sizes.tick_params(axis="x", bottom=False, labelbottom=False)
    for spine in sizes.spines.values():
        spine.set_visible(False)
    return fig


def multi_alliance_chart(
    backend: Backend,
    fmt: str = "png",
    *,
    include_proposed: bool = False,
    width: int | None = None,
    height: int | None = None,
    font: Path | None = None,
) -> bytes:
    w, h = _size("multi-alliance", width, height)
    data = multi_alliance_data(backend, include_proposed)
    with _drawing(font):
        return _save(multi_alliance_figure(data, w, h), fmt, w, h)


# --- one entry point -------------------------------------------------------------------


def _size(chart: str, width: int | None, height: int | None) -> tuple[int, int]:
    w0, h0 = DEFAULT_SIZE[chart]
    w, h = width or w0, height or h0
    check_size(w, h)
    return w, h


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
    if chart == "overlap":
        return overlap_chart(
            backend,
            fmt,
            include_proposed=True if include_proposed is None else include_proposed,
            width=width,
            height=height,
            font=font,
        )
    if chart == "multi-alliance":
        return multi_alliance_chart(
            backend,
            fmt,
            include_proposed=False if include_proposed is None else include_proposed,
            width=width,
            height=height,
            font=font,
        )
    raise UsageError(f"unknown chart '{chart}'; charts: {', '.join(CHARTS)}")
