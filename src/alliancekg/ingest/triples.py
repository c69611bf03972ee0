"""The seeds' RDF statements as plain values (:mod:`..rdf.plain`), straight from the
checked records: what :func:`.build.build_graph` would hold, without rdflib objects.
On the same seeds both give the same statements (tested)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import cache
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..config import DEFAULT_BASE_IRI
from ..ontology.model import Cls, Kind, Model, Prop
from ..ontology.segments import segment_graph
from ..rdf.plain import LANG_STRING, TYPE, Lit, Subject, Term, graph_subjects, plain
from ..rdf.terms import literal
from .records import Record, SeedSet


@cache
def _well_formed(lex: str, datatype: str) -> bool:
    if not datatype:
        return True
    quiet = logging.getLogger("rdflib.term")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # rdflib logs every lexical form it cannot read
    try:
        return getattr(Literal(lex, datatype=URIRef(datatype)), "ill_typed", None) is not True
    finally:
        quiet.setLevel(level)


def _plain_literal(prop: Prop, value: Any) -> Lit:
    if prop.kind is Kind.LITERAL and prop.range == XSD.string:
        return Lit(str(value), "")
    lit = literal(prop, value)
    lex, dt = str(lit), str(lit.datatype or "")
    return Lit(lex, dt, None, _well_formed(lex, dt))


class _ClassPlan:
    """What every record of one class shares: its types, and per field its predicate."""

    def __init__(self, m: Model, cls: Cls, base: str) -> None:
        self.types = [str(t) for t in m.types_of(cls)]
        self.preds = {key: str(prop.iri) for key, prop in cls.props.items()}
        self.kinds = {key: prop.kind for key, prop in cls.props.items()}
        self.vocab = {
            key: {k: str(v) for k, v in m.vocab[prop.range].items()}
            for key, prop in cls.props.items()
            if prop.kind is Kind.VOCAB
        }
        self.sources = self.preds.get("sources")
        self.defaults = [
            (prop.key, str(prop.iri), plain(prop.default))
            for prop in cls.props.values()
            if prop.default is not None
        ]
        self.base = base
        self.literals: dict[tuple[str, Any], Lit] = {}

    def values(self, prop: Prop, key: str, values: list[Any]) -> list[Term]:
        kind = self.kinds[key]
        if kind is Kind.LANG:
            return [Lit(text, LANG_STRING, lang) for text, lang in values]
        if kind is Kind.REF:
            base = self.base
            return [base + v for v in values]
        if kind is Kind.VOCAB:
            vocab = self.vocab[key]
            return [vocab[v] for v in values]
        cache = self.literals
        out: list[Term] = []
        for v in values:
            lit = cache.get((key, v))
            if lit is None:
                lit = cache[(key, v)] = _plain_literal(prop, v)
            out.append(lit)
        return out


class _Plans:
    def __init__(self, m: Model, base: str) -> None:
        self.m = m
        self.base = base
        self.by_class: dict[int, _ClassPlan] = {}

    def __call__(self, cls: Cls) -> _ClassPlan:
        plan = self.by_class.get(id(cls))
        if plan is None:
            plan = self.by_class[id(cls)] = _ClassPlan(self.m, cls, self.base)
        return plan


def segment_subjects(m: Model, base: str = DEFAULT_BASE_IRI) -> list[Subject]:
    """The value-chain segments, typed with their classes' superclasses too."""
    subjects = graph_subjects([segment_graph(base)])
    for _s, st in subjects:
        types = st.get(TYPE, [])
        for t in list(types):
            cls = m.classes.get(URIRef(t)) if isinstance(t, str) else None
            for sup in m.types_of(cls) if cls is not None else []:
                if str(sup) not in types:
                    types.append(str(sup))
    return subjects


def seed_types(
    seeds: SeedSet, m: Model, base: str = DEFAULT_BASE_IRI, segments: list[Subject] | None = None
) -> dict[str, set[str]]:
    """Each subject of the seeds' graph with its rdf:type objects."""
    plans = _Plans(m, base)
    out: dict[str, set[str]] = {}
    for s, st in segments if segments is not None else segment_subjects(m, base):
        out.setdefault(s, set()).update(t for t in st.get(TYPE, []) if isinstance(t, str))
    for rec in seeds.records:
        out.setdefault(base + rec.id, set()).update(plans(rec.cls).types)
    return out


def _statements(rec: Record, plan: _ClassPlan) -> dict[str, list[Term]]:
    props = rec.cls.props
    preds = plan.preds
    out: dict[str, list[Term]] = {TYPE: list(plan.types)}
    for key, values in rec.values.items():
        p = preds[key]
        found = plan.values(props[key], key, values)
        have = out.get(p)
        if have is None:
            out[p] = found
        else:
            have.extend(found)
    if plan.sources is not None:
        base = plan.base
        extra = [base + s for s in rec.sources if s != rec.id]
        if extra:
            out.setdefault(plan.sources, []).extend(extra)
    for key, p, default in plan.defaults:
        if key not in rec.values:
            out.setdefault(p, []).append(default)
    # A graph holds a statement once.
    for p, objects in out.items():
        if len(objects) > 1:
            out[p] = _distinct(objects)
    return out


def _distinct(objects: list[Term]) -> list[Term]:
    seen: dict[object, Term] = {}
    for o in objects:
        seen.setdefault(o.key if isinstance(o, Lit) else o, o)
    return list(seen.values())


def seed_subjects(
    seeds: SeedSet, m: Model, base: str = DEFAULT_BASE_IRI, segments: list[Subject] | None = None
) -> Iterator[Subject]:
    """What the seeds' graph (:func:`.build.build_graph`) says, subject by subject:
    the segments, then the records (records of one id merged, as in a graph)."""
    yield from segments if segments is not None else segment_subjects(m, base)
    plans = _Plans(m, base)
    by_id: dict[str, list[Record]] = {}
    for rec in seeds.records:
        by_id.setdefault(rec.id, []).append(rec)
    for ident, recs in by_id.items():
        stated = _statements(recs[0], plans(recs[0].cls))
        for rec in recs[1:]:
            for p, objects in _statements(rec, plans(rec.cls)).items():
                stated[p] = _distinct([*stated.get(p, []), *objects])
        yield base + ident, stated
