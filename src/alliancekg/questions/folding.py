"""Nested answers from flat SPARQL rows, as declared by a query's ``#:answer`` lines.

A Cypher query returns nested maps and lists; a SPARQL query returns flat
rows of variables. Each ``queries/<name>.rq`` declares, in ``#:answer``
lines, how its rows fold into the same answer as its ``.cypher`` twin:

=====================  ====================================================
``name``               the value of ``?name``
``name=var``           the value of ``?var``
``name[]``             the distinct values of ``?name`` over the group, sorted;
                       null when there are none (as a missing Neo4j list)
``name=(v1 v2)``       the list ``[?v1, ?v2]``, in that order
``name=var{*}``        every property of the node ``?var`` (``n {.*}``); null
                       when ``?var`` is unbound
``var{*}``             merge every property of the node ``?var`` into the record
``name[f1 f2 ...]``    a list of records, one per distinct value of their
                       non-list fields among the rows where ``f1`` is bound
``name{f1 f2 ...}``    one such record, or null
``_var``               tells records apart by ``?var`` without showing it (two
                       memberships with the same role and dates stay two)
=====================  ====================================================

Rows group by the values of the non-list fields at each level, in the order
they first appear, so the query's ``ORDER BY`` orders the answer and its
nested lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..exc import UsageError

FieldKind = Literal["scalar", "hidden", "values", "tuple", "node", "merge", "records", "record"]
Row = dict[str, Any]
NodeProps = Callable[[str], dict[str, Any] | None]

_TOKEN = re.compile(r"\s*(\{\*\}|[A-Za-z_][A-Za-z0-9_]*|\[\]|[=\[\]{}()])")


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    var: str = ""
    vars: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()

    @property
    def key_vars(self) -> tuple[str, ...]:
        """The variables whose values tell one record of this field apart."""
        if self.kind in ("scalar", "hidden", "node", "merge"):
            return (self.var,)
        if self.kind == "tuple":
            return self.vars
        return ()

    @property
    def first_var(self) -> str:
        """The variable that must be bound for a nested record to exist."""
        first = self.fields[0]
        return first.var if first.var else first.first_var


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise UsageError(f"cannot read answer shape at {text[pos : pos + 20]!r}")
        tokens.append(m.group(1))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise UsageError(f"answer shape: expected {expected or 'a field'}, got {token!r}")
        self.pos += 1
        return token

    def name(self) -> str:
        token = self.take()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token):
            raise UsageError(f"answer shape: {token!r} is not a name")
        return token

    def fields(self, until: str | None) -> tuple[Field, ...]:
        out: list[Field] = []
        while self.peek() != until:
            out.append(self.field())
        if not out:
            raise UsageError("answer shape: an empty record")
        return tuple(out)

    def field(self) -> Field:
        name = self.name()
        var = name
        if name.startswith("_"):
            return Field(name, "hidden", var=name[1:])
        if self.peek() == "{*}":
            self.take()
            return Field(name, "merge", var=name)
        if self.peek() == "=":
            self.take()
            if self.peek() == "(":
                self.take()
                names: list[str] = []
                while self.peek() != ")":
                    names.append(self.name())
                self.take(")")
                return Field(name, "tuple", vars=tuple(names))
            var = self.name()
        token = self.peek()
        if token == "{*}":
            self.take()
            return Field(name, "node", var=var)
        if token == "[]":
            self.take()
            return Field(name, "values", var=var)
        if token == "[":
            self.take()
            inner = self.fields("]")
            self.take("]")
            return Field(name, "records", fields=inner)
        if token == "{":
            self.take()
            inner = self.fields("}")
            self.take("}")
            return Field(name, "record", fields=inner)
        return Field(name, "scalar", var=var)


def parse_shape(text: str) -> tuple[Field, ...]:
    return _Parser(text).fields(None)


def shape_variables(fields: Sequence[Field]) -> set[str]:
    """Every variable the shape reads: the SELECT must project each of them."""
    out: set[str] = set()
    for f in fields:
        out.update(f.key_vars)
        if f.kind == "values":
            out.add(f.var)
        out.update(shape_variables(f.fields))
    return out


def fold(fields: Sequence[Field], rows: Sequence[Row], node: NodeProps) -> list[dict[str, Any]]:
    """The records the rows stand for, grouped by the non-list fields, in row order."""
    key_vars = [v for f in fields for v in f.key_vars]
    groups: dict[tuple[Any, ...], list[Row]] = {}
    for row in rows:
        key = tuple(_hashable(row.get(v)) for v in key_vars)
        groups.setdefault(key, []).append(row)
    return [_record(fields, group, node) for group in groups.values()]


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _record(fields: Sequence[Field], rows: list[Row], node: NodeProps) -> dict[str, Any]:
    first = rows[0]
    out: dict[str, Any] = {}
    for f in fields:
        if f.kind == "merge":
            value = first.get(f.var)
            out.update((node(value) or {}) if value is not None else {})
    for f in fields:
        if f.kind == "scalar":
            out[f.name] = first.get(f.var)
        elif f.kind == "tuple":
            out[f.name] = [first.get(v) for v in f.vars]
        elif f.kind == "node":
            value = first.get(f.var)
            out[f.name] = None if value is None else node(value)
        elif f.kind == "values":
            values = {r[f.var] for r in rows if r.get(f.var) is not None}
            out[f.name] = sorted(values) if values else None
        elif f.kind in ("records", "record"):
            inner = [r for r in rows if r.get(f.first_var) is not None]
            records = fold(f.fields, inner, node)
            if f.kind == "records":
                out[f.name] = records
            else:
                out[f.name] = records[0] if records else None
    return out
