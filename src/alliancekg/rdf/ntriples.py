"""N-Triples written straight from the statements, without building an rdflib graph:
the export path for large graphs (``Graph.add`` costs more than writing the lines)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


def _nt_literal(term: Literal) -> str:
    text = (
        str(term)
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace('"', '\\"')
        .replace("\r", "\\r")
    )
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _nt_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return _nt_literal(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"no N-Triples form for {term!r}")


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """N-Triples for the statements, one line each."""
    iris: dict[Node, str] = {}
    lines = []
    for s, p, o in triples:
        ps = iris.get(p)
        if ps is None:
            ps = iris[p] = f"<{p}>"
        lines.append(f"{_nt_term(s)} {ps} {_nt_term(o)} .\n")
    return "".join(lines).encode("utf-8")
