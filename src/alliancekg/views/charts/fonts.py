"""The font the pictures are drawn with, and the rule that a missing glyph is an error.

Labels are Korean, so the pictures are drawn with NanumGothic, the font the
``koreanize-matplotlib`` package ships (installed with alliancekg; the package
itself is never imported, only its font files are used). ``ALLIANCEKG_CJK_FONT``
names another font file (e.g. a system Noto Sans CJK). A drawing that would
need a glyph no font has (a "tofu" box) raises :class:`MissingGlyphs` instead of
returning a picture.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from ...exc import FontUnavailable, MissingGlyphs

FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")

_GLYPH_MISSING = re.compile(r"Glyph \d+ .* missing from (current )?font")
# matplotlib keeps global state (rcParams, the font cache); draw one picture at a time.
_LOCK = threading.Lock()


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


def rc(font: Path | None = None) -> Any:
    """The matplotlib settings of a picture: the Korean font and nothing to fall back on."""
    return {
        "font.family": [korean_font_family(font)],  # no fallback: a missing glyph is an error
        "font.size": 11,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",  # text as outlines: the SVG needs no font where it is shown
        "svg.hashsalt": "alliancekg",  # the same data gives the same SVG
    }


@contextmanager
def drawing(font: Path | None = None) -> Iterator[None]:
    """matplotlib settings for one picture, one picture at a time; glyphs missing from
    every font are an error."""
    import matplotlib

    settings = rc(font)
    with _LOCK, matplotlib.rc_context(settings), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing = [str(w.message) for w in caught if _GLYPH_MISSING.search(str(w.message))]
    if missing:
        raise MissingGlyphs(missing)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
