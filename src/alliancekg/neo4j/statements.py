"""Cypher text comes from files under queries/; this module reads them.

Analysis queries (``queries/<name>.cypher``) are complete, parameterised
Cypher that runs as-is in Neo4j Browser. Loader statements
(``queries/load/*.cypher``) also hold placeholders such as ``__LABEL__`` for
a label or relationship type: Cypher cannot take those as parameters with
index support, so they are filled in here, and only with names from the
ontology's closed list. Values are always parameters.
"""

from __future__ import annotations

import re
from functools import cache

from ..config import home
from ..exc import UsageError
from ..ontology.model import model

_PLACEHOLDER = re.compile(r"__([A-Z]+)__")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@cache
def read_query(relative: str) -> str:
    path = home().queries / relative
    if not path.is_file():
        raise UsageError(f"no query file {path}")
    return path.read_text(encoding="utf-8")


def _quote(name: str, allowed: set[str]) -> str:
    if name not in allowed or not _IDENTIFIER.match(name):
        raise UsageError(f"'{name}' is not a label or relationship type of the ontology")
    return f"`{name}`"


def load_statement(statement: str, **names: str | list[str]) -> str:
    """A loader statement with its placeholders filled from the ontology's names.

    ``LABEL``, ``START``, ``END`` and ``LABELS`` take node labels, ``TYPE`` a
    relationship type, ``NAME`` a constraint name derived from them.
    """
    m = model()
    labels = set(m.node_labels())
    types = set(m.rel_types())
    text = read_query(f"load/{statement}.cypher")

    def fill(match: re.Match[str]) -> str:
        slot = match.group(1)
        value = names.get(slot.lower())
        if value is None:
            raise UsageError(f"load/{statement}.cypher needs a value for __{slot}__")
        if slot == "LABELS":
            assert isinstance(value, list)
            return ":".join(_quote(v, labels) for v in value)
        assert isinstance(value, str)
        if slot == "TYPE":
            return _quote(value, types)
        if slot == "NAME":
            if not _IDENTIFIER.match(value):
                raise UsageError(f"bad constraint name {value!r}")
            return value
        return _quote(value, labels)

    return _PLACEHOLDER.sub(fill, text)
