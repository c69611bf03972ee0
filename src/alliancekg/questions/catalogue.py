"""The named questions: ``queries/<name>.cypher`` files, read and run.

A query file starts with a comment block (what it answers, its parameters),
then ``:param name => value;`` lines that Neo4j Browser runs as they are,
then the Cypher. The API and the CLI run the same text with their own
parameter values; the ``:param`` values are the defaults.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..config import home
from ..exc import UsageError
from .params import check

_PARAM = re.compile(r"^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?);?\s*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    doc: str
    cypher: str
    defaults: dict[str, Any]
    param_lines: tuple[str, ...]

    @property
    def whole_maps(self) -> bool:
        """Does the answer hold a node's whole property map (``n {.*}``), which brings
        its index-only properties (``_search``, ``_hash``...) along?"""
        return "{.*" in self.cypher or "properties(" in self.cypher


def _literal(text: str) -> Any:
    """The value of a ``:param`` literal: null, booleans, numbers, strings, lists."""
    t = text.strip()
    if t == "null":
        return None
    if t in ("true", "false"):
        return t == "true"
    try:
        return ast.literal_eval(t)
    except (ValueError, SyntaxError):
        raise UsageError(f"cannot read :param value {text!r}") from None


def parse_query(name: str, text: str) -> NamedQuery:
    comments: list[str] = []
    params: dict[str, Any] = {}
    param_lines: list[str] = []
    body: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not body and stripped.startswith("//"):
            comments.append(stripped[2:].removeprefix(" "))
        elif not body and stripped.startswith(":param"):
            m = _PARAM.match(stripped)
            if m is None:
                raise UsageError(f"queries/{name}.cypher: bad :param line {stripped!r}")
            params[m.group(1)] = _literal(m.group(2))
            param_lines.append(stripped)
        elif not body and not stripped:
            continue
        else:
            body.append(line)
    cypher = "\n".join(body).strip().removesuffix(";").strip()
    title = comments[0] if comments else name
    doc = "\n".join(comments[1:]).strip()
    return NamedQuery(name, title, doc, cypher, params, tuple(param_lines))


@cache
def named_query(name: str) -> NamedQuery:
    if not _NAME.match(name):
        raise UsageError(f"'{name}' is not a query name")
    path = home().queries / f"{name}.cypher"
    if not path.is_file():
        raise UsageError(f"no query '{name}'; known queries: {', '.join(query_names())}")
    return parse_query(name, path.read_text(encoding="utf-8"))


def query_names() -> list[str]:
    return sorted(p.stem for p in home().queries.glob("*.cypher"))


def bind(query: NamedQuery, given: dict[str, Any]) -> dict[str, Any]:
    """The query's defaults overridden by ``given``; unknown names are an error."""
    unknown = set(given) - set(query.defaults)
    if unknown:
        raise UsageError(
            f"query '{query.name}' has no parameter "
            f"{', '.join(repr(name) for name in sorted(unknown))}; "
            f"its parameters: {', '.join(query.defaults) or 'none'}"
        )
    return check({**query.defaults, **given})
