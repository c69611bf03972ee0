"""The search text as each backend's matcher takes it: literal words for Neo4j's
full-text index (:func:`fulltext_words`), a regular expression for SPARQL
(:func:`search_regex`). Neither can carry query syntax."""

from __future__ import annotations

import re

from ..ontology.names import split_scripts

_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


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
