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


# The stop words of Lucene's cjk analyzer (db.index.fulltext.listAvailableAnalyzers),
# which it drops from names and searches alike.
_STOP_WORDS = frozenset(
    "a and are as at be but by for if in into is it no not of on or s such t that the "  # noqa: SIM905
    "their then there these they this to was will with www".split()
)
_HANGUL = "\uac00-\ud7a3"
# Letters and digits joined by a full stop or an apostrophe are one word to Unicode's
# word breaking, which Lucene's tokenizer follows: "M.AX" is one word, "C&T" two.
_JOIN = ".'\u2019"
_WORD = re.compile(rf"[{_HANGUL}]+|[A-Za-z0-9]+(?:[{_JOIN}][A-Za-z0-9]+)*")
# Where a Latin word starts and ends: not inside a longer word, nor joined to one.
_BEFORE = rf"(^|[^A-Za-z0-9{_JOIN}]|(^|[^A-Za-z0-9])[{_JOIN}])"
_AFTER = rf"([^A-Za-z0-9{_JOIN}]|$|[{_JOIN}]([^A-Za-z0-9]|$))"


def _escape(word: str) -> str:
    # XPath regular expressions (SPARQL's REGEX) know "\\." but not Python's other escapes.
    return "".join("\\" + c if c == "." else c for c in word)


def search_regex(text: str) -> str:
    """The search text as a regular expression that matches a name or alias exactly when
    the full-text index's cjk analyzer would: a Latin or digit word matches a whole word
    (any case), a run of Hangul matches any two-syllable piece of it, and a single
    syllable matches a one-syllable run. Use it with the ``i`` flag."""
    parts: list[str] = []
    for word in _WORD.findall(split_scripts(text)):
        if word[0].isascii():
            if word.lower() not in _STOP_WORDS:
                parts.append(f"{_BEFORE}{_escape(word)}{_AFTER}")
        elif len(word) == 1:
            parts.append(f"(^|[^{_HANGUL}]){word}([^{_HANGUL}]|$)")
        else:
            parts.extend(word[i : i + 2] for i in range(len(word) - 1))
    # A pattern that matches nothing when only stop words were given.
    return "|".join(dict.fromkeys(parts)) or r"[^\s\S]"
