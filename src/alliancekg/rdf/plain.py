"""RDF statements as plain Python values, grouped by subject, and the property graph
they stand for: the load path's form of the data, without rdflib objects.

An IRI is its string, a blank node ``"_:"`` followed by its id, a literal a
:class:`Lit`. :func:`plain_property_graph` maps statements to the property graph as
:func:`.mapping.to_property_graph` maps an rdflib graph (the same graph on the same
statements, tested).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

LANG_STRING = str(RDF.langString)
STRING = str(XSD.string)  # a plain literal (datatype "") is one too
TYPE = str(RDF.type)


class Lit(NamedTuple):
    lex: str
    datatype: str  # rdf:langString with a language tag, "" for a plain xsd:string
    lang: str | None = None
    well_formed: bool = True  # its lexical form is one of its datatype's

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What two equal literals share (rdflib ignores the case of language tags)."""
        return (self.lex, self.datatype, self.lang.lower() if self.lang else None)


Term = str | Lit
# A subject and its statements: predicate → objects.
Subject = tuple[str, dict[str, list[Term]]]


def plain(term: Node) -> Term:
    if isinstance(term, Literal):
        if term.language:
            return Lit(str(term), LANG_STRING, term.language)
        return Lit(
            str(term), str(term.datatype or ""), None, getattr(term, "ill_typed", None) is not True
        )
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


def to_rdflib(term: Term) -> Node:
    if isinstance(term, Lit):
        if term.lang:
            return Literal(term.lex, lang=term.lang)
        if not term.datatype:
            return Literal(term.lex)
        return Literal(term.lex, datatype=URIRef(term.datatype), normalize=False)
    if term.startswith("_:"):
        return BNode(term[2:])
    return URIRef(term)


def to_oxigraph(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, Lit):
        if term.lang:
            return ox.Literal(term.lex, language=term.lang)
        if not term.datatype:
            return ox.Literal(term.lex)
        return ox.Literal(term.lex, datatype=ox.NamedNode(term.datatype))
    if term.startswith("_:"):
        return ox.BlankNode(term[2:])
    return ox.NamedNode(term)


def graph_subjects(graphs: Iterable[Graph]) -> list[Subject]:
    """Every subject of ``graphs`` with its statements."""
    out: dict[str, dict[str, list[Term]]] = {}
    for g in graphs:
        for s, p, o in g:
            out.setdefault(plain(s), {}).setdefault(str(p), []).append(plain(o))  # type: ignore[arg-type]
    return list(out.items())
