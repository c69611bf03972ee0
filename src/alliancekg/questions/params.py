"""Checking the parameters of the named questions, the same way for the API and the CLI.

Query parameters mean the same thing in every file (``as_of`` is always a
date, ``limit`` always a row cap), so they are checked by name here, before
any query runs. The search text stays the user's text; each backend receives
it in the form its matcher takes (:data:`FOR_CYPHER`, :data:`FOR_SPARQL`, from
:mod:`.search_text`), so neither the API nor the CLI can pass query syntax.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from ..exc import UsageError
from ..ontology.ids import ID_PATTERN
from .search_text import fulltext_words, search_regex

T = TypeVar("T")
MAX_LIMIT = 10_000
# Parameters whose values are entity ids.
ID_PARAMS = frozenset({"id", "a", "b", "alliance", "person", "about"})


def _date(name: str, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise UsageError(f"{name} must be a date YYYY-MM-DD, not {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError as e:
        raise UsageError(f"{name} '{value}' is not a real date ({e})") from None
    return value


def _at_least_one(name: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f"{name} must be a whole number of at least 1, not {value!r}")
    return value


def _limit(name: str, value: Any) -> Any:
    """A row cap; null means no cap."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise UsageError(
            f"{name} must be null or a whole number from 1 to {MAX_LIMIT}, not {value!r}"
        )
    return value


MAX_OFFSET = 1_000_000_000


def _offset(name: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
        raise UsageError(f"{name} must be a whole number from 0 to {MAX_OFFSET:_}, not {value!r}")
    return value


def _text(name: str, value: Any) -> Any:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise UsageError(f"{name} must be text of 1 to 200 characters")
    if not fulltext_words(value):
        raise UsageError(f"{name} must contain something to search for")
    return value


def _boolean(name: str, value: Any) -> Any:
    if not isinstance(value, bool):
        raise UsageError(f"{name} must be true or false, not {value!r}")
    return value


def _identifier(name: str, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not ID_PATTERN.match(value) or len(value) > 200:
        raise UsageError(f"{name} {value!r} is not an id")
    return value


CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "as_of": _date,
    "min_alliances": _at_least_one,
    "limit": _limit,
    "offset": _offset,
    "q": _text,
    "include_proposed": _boolean,
    **dict.fromkeys(ID_PARAMS, _identifier),
}


# Parameters that take a whole number whatever their default (``limit`` is null unless
# given): those whose check asks for one.
WHOLE_NUMBERS = frozenset(
    name for name, rule in CHECKS.items() if rule in (_limit, _offset, _at_least_one)
)


def cut(items: list[T], offset: int, limit: int | None) -> list[T]:
    """The page ``limit`` and ``offset`` ask for: skip ``offset`` items, then keep at most
    ``limit`` (every one when it is null)."""
    return items[offset:] if limit is None else items[offset : offset + limit]


def from_text(name: str, text: str, default: Any) -> Any:
    """A parameter value typed on a command line (``-p name=text``), read as the type of
    the question's default for it (or, for :data:`WHOLE_NUMBERS`, as a whole number):
    ``null``, ``true``/``false``, a whole number, or text."""
    if text == "null":
        return None
    if isinstance(default, bool):
        if text not in ("true", "false"):
            raise UsageError(f"--param {name} takes true or false, not {text!r}")
        return text == "true"
    if isinstance(default, int) or name in WHOLE_NUMBERS:
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"--param {name} takes a whole number, not {text!r}") from None
    return text


def check(params: dict[str, Any]) -> dict[str, Any]:
    """Checked parameter values; UsageError otherwise."""
    return {k: CHECKS[k](k, v) if k in CHECKS else v for k, v in params.items()}


# How each query language receives a checked value, where that differs from the value.
FOR_CYPHER: dict[str, Callable[[Any], Any]] = {"q": fulltext_words}
FOR_SPARQL: dict[str, Callable[[Any], Any]] = {"q": search_regex}


def prepare(values: dict[str, Any], forms: dict[str, Callable[[Any], Any]]) -> dict[str, Any]:
    return {k: forms[k](v) if k in forms else v for k, v in values.items()}
