"""Text that fits: measured in design pixels, wrapped at spaces, shortened with "…".

A picture is laid out in design pixels (1/96 in) before it is drawn at any
size, so labels are measured with the picture's own font and renderer: a label
is wrapped to at most the lines its row has room for and shortened only when
wrapping is not enough. The full text is kept beside it, for the SVG's
``<title>`` (a tooltip in any browser).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .canvas import CSS_DPI

ELLIPSIS = "…"


def name_label(ko: str | None, en: str | None, ident: str) -> str:
    """A name in both languages when they differ: ``K-AI 얼라이언스 · K-AI Alliance``."""
    if ko and en and en != ko:
        return f"{ko} · {en}"
    return ko or en or ident


@cache
def _renderer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, CSS_DPI)  # type: ignore[no-untyped-call]


def _props(family: str, size: float, weight: str, style: str) -> Any:
    from matplotlib.font_manager import FontProperties

    face: Any = {"family": family, "size": size, "weight": weight, "style": style}
    return FontProperties(**face)


@cache
def _face(family: str, size: float, weight: str, style: str) -> Any:
    """The font file's own FreeType face at ``size`` (not the one the renderer shares)."""
    from matplotlib.font_manager import findfont
    from matplotlib.ft2font import FT2Font

    face = FT2Font(findfont(_props(family, size, weight, style)))
    face.set_size(size, CSS_DPI)
    return face


@lru_cache(maxsize=65536)
def _advance(ch: str, family: str, size: float, weight: str, style: str) -> float:
    from matplotlib.ft2font import LoadFlags

    try:
        glyph = _face(family, size, weight, style).load_char(ord(ch), flags=LoadFlags.NO_HINTING)
    except RuntimeError:
        # a glyph the font lacks: drawing the picture fails on it (MissingGlyphs); an em
        # square keeps the layout going until then
        return size * CSS_DPI / 72
    return float(glyph.linearHoriAdvance) / 65536


def _width(text: str, family: str, size: float, weight: str, style: str) -> float:
    """The room ``text`` takes: its characters' advances, plus a little for hinting
    and a slanted last glyph. Laying out a whole line in FreeType costs milliseconds
    for Hangul; summing cached advances costs microseconds, and is never short."""
    if not text:
        return 0.0
    advances = sum(_advance(ch, family, size, weight, style) for ch in text)
    return advances + 1 + (size * 0.15 if style != "normal" else 0.0)


@lru_cache(maxsize=256)
def _line_height(family: str, size: float, weight: str, style: str) -> float:
    _, height, _ = _renderer().get_text_width_height_descent(
        "lp가Hg", _props(family, size, weight, style), ismath=False
    )
    return float(height)


@dataclass(frozen=True)
class Font:
    """A face at a size, and how much room its text takes in design pixels."""

    family: str
    size: float  # points
    weight: str = "normal"
    style: str = "normal"

    def width(self, text: str) -> float:
        return max((_width(line, *self._key) for line in text.split("\n")), default=0.0)

    @property
    def line(self) -> float:
        """The height of one line (with the space between lines matplotlib leaves)."""
        return _line_height(*self._key) * 1.25

    def height(self, lines: int) -> float:
        return self.line * lines

    @property
    def _key(self) -> tuple[str, float, str, str]:
        return (self.family, self.size, self.weight, self.style)

    def fit(self, text: str, width: float, lines: int = 1) -> str:
        """``text`` in at most ``lines`` lines of at most ``width`` pixels: wrapped at
        spaces, the last line shortened with "…" when the rest does not fit."""
        if self.width(text) <= width:
            return text
        out: list[str] = []
        words = text.split()
        while words and len(out) < lines:
            line = words.pop(0)
            if self.width(line) > width:
                # a word longer than the line: break it between characters
                cut = self._cut(line, width)
                words.insert(0, line[len(cut) :])
                line = cut
            while words and self.width(f"{line} {words[0]}") <= width:
                line = f"{line} {words.pop(0)}"
            out.append(line)
        if words:
            rest = " ".join([out.pop(), *words]) if out else " ".join(words)
            out.append(self.shorten(rest, width))
        return "\n".join(out)

    def shorten(self, text: str, width: float) -> str:
        """``text`` cut to ``width`` pixels, ending in "…" when cut."""
        if self.width(text) <= width:
            return text
        return self._cut(text, width - self.width(ELLIPSIS)).rstrip(" ·,") + ELLIPSIS

    def _cut(self, text: str, width: float) -> str:
        """The longest start of ``text`` (at least one character) within ``width``."""
        low, high = 1, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width(text[:mid]) <= width:
                low = mid
            else:
                high = mid - 1
        return text[:low]


@dataclass
class Titles:
    """Full texts of the labels drawn shortened, by the id of their SVG group."""

    full: dict[str, str]

    def __init__(self) -> None:
        self.full = {}

    def tag(self, artist: Any, full: str) -> None:
        """Give ``artist`` an SVG id that carries ``full`` as its ``<title>``."""
        gid = f"akg-label-{len(self.full)}"
        artist.set_gid(gid)
        self.full[gid] = full
