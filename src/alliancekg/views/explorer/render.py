"""HTML pages from Jinja2 templates: escaped, in one language, with stable links.

Every link an explorer page makes keeps the page's language (``?lang=en``; Korean,
the default, adds nothing), so a URL names one page in one language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .i18n import DEFAULT, Lang, Words
from .pages import page_of

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@cache
def environment() -> Environment:
    # Undefined renders empty: node maps leave out the properties a node lacks
    # (as Cypher's n {.*} does), and a template asks for them freely.
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def link_maker(lang: Lang) -> Any:
    def link(path: str, **params: Any) -> str:
        """``path`` with ``params`` (None left out) and the page's language."""
        query = {k: v for k, v in params.items() if v is not None}
        if lang != DEFAULT:
            query["lang"] = lang
        return f"{path}?{urlencode(query)}" if query else path

    return link


def render(template: str, lang: Lang, switch: str, **context: Any) -> str:
    """The page ``template`` in ``lang``; ``switch`` is this page in the other language."""
    words = Words(lang)
    return (
        environment()
        .get_template(template)
        .render(
            w=words,
            lang=lang,
            link=link_maker(lang),
            page_of=page_of,
            switch=switch,
            **context,
        )
    )
