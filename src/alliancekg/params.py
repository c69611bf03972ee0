"""Checking the parameters of the named questions, the same way for the API and the CLI.

Query parameters mean the same thing in every file (``as_of`` is always a
date, ``limit`` always a row cap), so they are checked by name here, before
any query runs. The search text stays the user's text; each backend turns it
into literal words for its own matcher here (:func:`fulltext_words` for the
Lucene index, :func:`search_regex` for SPARQL), so neither the API nor the
CLI can pass query syntax to either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .exc import UsageError
from .seeds import ID_PATTERN

MAX_LIMIT = 10_000
# Parameters whose values are entity ids.
ID_PARAMS = frozenset({"id", "a", "b", "alliance", "person", "about"})
# Latin letters or digits next to Hangul, and the middle dots that join Korean words.
_SCRIPT_BOUNDARY = re.compile(
    r"(?<=[A-Za-z0-9])(?=[\uac00-\ud7a3])|(?<=[\uac00-\ud7a3])(?=[A-Za-z0-9])"
)
_JOINERS = re.compile(r"[\u00b7\u30fb\uff65]")
_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def split_scripts(text: str) -> str:
    """Put a space between Latin and Hangul runs and for middle dots ("SK텔레콤" → "SK 텔레콤",
    "클라우드·인프라" → "클라우드 인프라"); the index and the searches split the same way."""
    return _SCRIPT_BOUNDARY.sub(" ", _JOINERS.sub(" ", text))


def fulltext_words(text: str) -> str:
    """The user's text as literal words for the full-text index, never as query syntax."""
    escaped = "".join("\\" + c if c in _LUCENE_SPECIAL else c for c in split_scripts(text))
    return " ".join(f'"{w}"' if w in {"AND", "OR", "NOT"} else w for w in escaped.split())


# Lucene's English stop words, which its cjk analyzer drops from names and searches alike.
_STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their "  # noqa: SIM905
    "then there these they this to was will with".split()
)
_HANGUL = "\uac00-\ud7a3"
_WORD = re.compile(rf"[{_HANGUL}]+|[A-Za-z0-9]+")


def search_regex(text: str) -> str:
    """The search text as a regular expression that matches a name or alias exactly when
    the full-text index's cjk analyzer would: a Latin or digit word matches a whole word
    (any case), a run of Hangul matches any two-syllable piece of it, and a single
    syllable matches a one-syllable run. Use it with the ``i`` flag."""
    parts: list[str] = []
    for word in _WORD.findall(split_scripts(text)):
        if word[0].isascii():
            if word.lower() not in _STOP_WORDS:
                parts.append(f"(^|[^A-Za-z0-9]){re.escape(word)}([^A-Za-z0-9]|$)")
        elif len(word) == 1:
            parts.append(f"(^|[^{_HANGUL}]){word}([^{_HANGUL}]|$)")
        else:
            parts.extend(word[i : i + 2] for i in range(len(word) - 1))
    # A pattern that matches nothing when only stop words were given.
    return "|".join(dict.fromkeys(parts)) or r"[^\s\S]"


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


def check(params: dict[str, Any]) -> dict[str, Any]:
    """Checked parameter values; UsageError otherwise."""
    return {k: CHECKS[k](k, v) if k in CHECKS else v for k, v in params.items()}


# How each query language receives a checked value, where that differs from the value.
FOR_CYPHER: dict[str, Callable[[Any], Any]] = {"q": fulltext_words}
FOR_SPARQL: dict[str, Callable[[Any], Any]] = {"q": search_regex}


def prepare(values: dict[str, Any], forms: dict[str, Callable[[Any], Any]]) -> dict[str, Any]:
    return {k: forms[k](v) if k in forms else v for k, v in values.items()}
