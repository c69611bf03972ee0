"""The explorer: HTML pages of the graph at ``/``, in Korean and English.

The API's explorer routes ask the named questions through the backend and hand
the answers to :mod:`.pages`, which shapes them (timelines, matrix rows, gap
grids, graph elements), and to :mod:`.render`, which fills the Jinja2
templates in ``templates/``; :mod:`.i18n` holds the words of both languages.
``static/`` holds the stylesheet, the script that searches as you type and draws
the graph, and Cytoscape.js (``static/vendor``, copied from npm by
``scripts/vendor-js``). Every page's text works without the script.
"""

from __future__ import annotations

from .i18n import LANGS, Lang, lang_of
from .render import STATIC, render

__all__ = ["LANGS", "STATIC", "Lang", "lang_of", "render"]
