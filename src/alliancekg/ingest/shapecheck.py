"""SHACL compiled from the shapes: the shapes graph becomes Python checks over plain
statements (:mod:`.triples`), one subject at a time.

Every constraint of ``ontology/shapes.ttl`` is read from the shapes graph, after
:func:`.shacl.flatten_shapes`; none is written here again. A shape is compiled into a
function of a focus node's own statements and of the types of the nodes it names:
what the shapes of this project read. Anything else (paths longer than one predicate,
a nested shape reading another node's statements, ``sh:closed``, comparisons, SPARQL
that does not start at ``$this``, ...) is refused at compile time with
:class:`Unsupported`, so a new shape cannot be skipped silently. SPARQL constraints run
their own query, with Oxigraph, over the statements of their focus nodes.

Compiling reads each SPARQL constraint with rdflib's parser and mixes the ontology in
with pySHACL (``inoculate``). What those two give is kept as plain values
(:class:`Prepared`), which :func:`.validation.compiled_shapes` keeps on disk: a process
that finds them there imports neither.

pySHACL stays the reference: on the same data both give the same results (focus
node, path, value, constraint component, message), which a test checks on every
invalid fixture and on random mutations of valid data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..rdf.plain import (
    LANG_STRING,
    STRING,
    TYPE,
    Lit,
    Subject,
    Term,
    graph_subjects,
    plain,
    to_oxigraph,
    to_rdflib,
)
from .shacl import (
    _NOT_CONSTRAINTS,
    ShaclResult,
    flatten_shapes,
    query_reads,
    sparql_query,
)

# (value, path, component, message) of one result about a focus node
_Found = tuple[Term | None, str | None, URIRef, str | None]
# (value, component) of each result of a constraint; an empty list: none
_Out = list[tuple[Term | None, URIRef]]
_Statements = dict[str, list[Term]]
# A compiled constraint: (focus, its statements, the value nodes) → its results
_Check = Callable[[Term, _Statements, list[Term]], _Out]


class Unsupported(ValueError):
    """The shapes use SHACL this compiler does not cover."""


_IGNORED = _NOT_CONSTRAINTS | {
    SH.qualifiedMaxCount,
    SH.qualifiedMinCount,
    SH.flags,
    RDF.type,
    RDFS.label,
    RDFS.comment,
}


@dataclass
class _Shape:
    node: Node
    path: str | None
    message: str | None
    checks: list[_Check] = field(default_factory=list)
    nested: list[_Shape] = field(default_factory=list)  # sh:property: reported as its own
    sparql: list[_Sparql] = field(default_factory=list)
    # What the data-shape memo (:class:`_Memo`) needs to know: whether a check of its
    # own reads a value's text (sh:in, sh:hasValue, sh:pattern, sh:minLength), and
    # the shapes that sh:or, sh:node and sh:qualifiedValueShape apply to its values.
    reads_text: bool = False
    inner: list[_Shape] = field(default_factory=list)


@dataclass(frozen=True)
class _Sparql:
    query: str  # its prefixes declared in it
    reads: frozenset[str]  # the predicates of $this it reads; rdf:nil: all of them
    message: str | None


_Reads = tuple[frozenset[str], bool] | None


@dataclass
class Prepared:
    """What compiling works out with rdflib's SPARQL parser and with pySHACL, as plain
    values: each SPARQL constraint's reads (:func:`.shacl.query_reads`, by its query)
    and the ontology as pySHACL mixes it into the data."""

    reads: dict[str, _Reads] = field(default_factory=dict)
    mixin: list[Subject] | None = None

    def to_json(self) -> dict[str, Any]:
        reads = {q: None if r is None else [sorted(r[0]), r[1]] for q, r in self.reads.items()}
        mixin = None
        if self.mixin is not None:
            mixin = [
                [s, {p: [_json_term(o) for o in os] for p, os in st.items()}]
                for s, st in self.mixin
            ]
        return {"reads": reads, "mixin": mixin}

    @classmethod
    def from_json(cls, data: Any) -> Prepared:
        """The inverse of :meth:`to_json`; ValueError for anything else."""
        try:
            reads: dict[str, _Reads] = {
                str(q): None if r is None else (frozenset(map(str, r[0])), bool(r[1]))
                for q, r in data["reads"].items()
            }
            mixin = data["mixin"]
            return cls(
                reads,
                None
                if mixin is None
                else [
                    (str(s), {str(p): [_term_of_json(o) for o in os] for p, os in st.items()})
                    for s, st in mixin
                ],
            )
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            raise ValueError(f"not prepared shapes: {e}") from e


def _json_term(t: Term) -> Any:
    return list(t) if isinstance(t, Lit) else t


def _term_of_json(t: Any) -> Term:
    if isinstance(t, str):
        return t
    lex, datatype, lang, well_formed = t
    return Lit(str(lex), str(datatype), None if lang is None else str(lang), bool(well_formed))


@dataclass(eq=False)
class _Top:
    shape: _Shape
    classes: set[str]
    subjects_of: set[str]


class _Types:
    """The rdf:type objects of every node, and which classes are subclasses of which."""

    def __init__(self, types: dict[str, set[str]], subclass: Iterable[tuple[str, str]]):
        self.types = types
        self.sub: dict[str, set[str]] = {}
        for sub, sup in subclass:
            self.sub.setdefault(sup, set()).add(sub)
        self._below: dict[str, frozenset[str]] = {}

    def below(self, cls: str) -> frozenset[str]:
        """``cls`` and every class below it."""
        known = self._below.get(cls)
        if known is not None:
            return known
        out, todo = {cls}, [cls]
        while todo:
            for s in self.sub.get(todo.pop(), ()):
                if s not in out:
                    out.add(s)
                    todo.append(s)
        self._below[cls] = frozenset(out)
        return self._below[cls]

    def is_a(self, node: Term, cls: str) -> bool:
        if isinstance(node, Lit):
            return False
        found = self.types.get(node)
        return found is not None and not found.isdisjoint(self.below(cls))


def _is_iri(t: Term) -> bool:
    return isinstance(t, str) and not t.startswith("_:")


def _is_bnode(t: Term) -> bool:
    return isinstance(t, str) and t.startswith("_:")


_NODE_KINDS: dict[URIRef, Callable[[Term], bool]] = {
    SH.IRI: _is_iri,
    SH.BlankNode: _is_bnode,
    SH.Literal: lambda t: isinstance(t, Lit),
    SH.BlankNodeOrIRI: lambda t: isinstance(t, str),
    SH.BlankNodeOrLiteral: lambda t: not _is_iri(t),
    SH.IRIOrLiteral: lambda t: not _is_bnode(t),
}


def _term_key(t: Term) -> object:
    return t.key if isinstance(t, Lit) else t


class _Compiler:
    def __init__(self, shapes: Graph, types: Callable[[], _Types], prepared: Prepared):
        self.g = shapes
        self.types = types  # the run's types, looked up when a check runs
        self.prepared = prepared
        self.done: dict[Node, _Shape] = {}

    def reads(self, query: str) -> _Reads:
        known = self.prepared.reads
        if query not in known:
            known[query] = query_reads(query)
        return known[query]

    def items(self, o: Node) -> list[Node]:
        return list(self.g.items(o))

    def one(self, shape: Node, p: URIRef) -> Node:
        values = list(self.g.objects(shape, p))
        if len(values) != 1:
            raise Unsupported(f"{shape}: {p} needs exactly one value")
        return values[0]

    def shape(self, node: Node, on_focus: bool) -> _Shape:
        """``on_focus``: the node the shape is applied to is the focus node itself, whose
        statements are at hand; other nodes are seen only as terms with their types."""
        if node in self.done:
            return self.done[node]
        g = self.g
        path_node = g.value(node, SH.path)
        if path_node is not None and not isinstance(path_node, URIRef):
            raise Unsupported(f"{node}: only a single predicate path is compiled")
        if path_node is not None and not on_focus:
            raise Unsupported(f"{node}: a nested shape reads another node's statements")
        messages = [str(m) for m in g.objects(node, SH.message)]
        shape = _Shape(
            node, None if path_node is None else str(path_node), messages[0] if messages else None
        )
        self.done[node] = shape
        for p in set(g.predicates(node, None)):
            if p in _IGNORED:
                continue
            if p == SH.property:
                for child in g.objects(node, SH.property):
                    shape.nested.append(self.shape(child, on_focus and path_node is None))
            elif p == SH.sparql:
                if path_node is not None or not on_focus:
                    raise Unsupported(f"{node}: SPARQL constraints are compiled on node shapes")
                for c in g.objects(node, SH.sparql):
                    query = sparql_query(g, c)
                    found = None if query is None else self.reads(query)
                    if query is None or found is None:
                        raise Unsupported(
                            f"{node}: its SPARQL reads more than its focus node's statements"
                        )
                    own = [str(m) for m in g.objects(c, SH.message)]
                    shape.sparql.append(_Sparql(query, found[0], own[0] if own else shape.message))
            else:
                shape.checks.append(self.check(node, p, on_focus and path_node is None, shape))
                shape.reads_text |= p in _READS_TEXT
        return shape

    def check(self, node: Node, p: Node, value_is_focus: bool, owner: _Shape) -> _Check:
        g = self.g
        value = self.one(node, p)  # type: ignore[arg-type]
        if p == SH.minCount:
            n = _int(value)
            few: _Out = [(None, SH.MinCountConstraintComponent)]
            return lambda f, st, vs: few if len(vs) < n else _NONE
        if p == SH.maxCount:
            n = _int(value)
            many: _Out = [(None, SH.MaxCountConstraintComponent)]
            return lambda f, st, vs: many if len(vs) > n else _NONE
        if p == SH.datatype:
            return _each(SH.DatatypeConstraintComponent, _not_datatype(str(value)))
        if p == SH["class"]:
            cls = str(value)
            return _each(SH.ClassConstraintComponent, lambda v: not self.types().is_a(v, cls))
        if p == SH.nodeKind:
            test = _NODE_KINDS.get(value)  # type: ignore[call-overload]
            if test is None:
                raise Unsupported(f"{node}: sh:nodeKind {value}")
            return _each(SH.NodeKindConstraintComponent, lambda v: not test(v))
        if p == SH["in"]:
            allowed = {_term_key(plain(t)) for t in self.items(value)}
            return _each(SH.InConstraintComponent, lambda v: _term_key(v) not in allowed)
        if p == SH.hasValue:
            wanted = _term_key(plain(value))
            missing: _Out = [(None, SH.HasValueConstraintComponent)]
            return lambda f, st, vs: _NONE if any(_term_key(v) == wanted for v in vs) else missing
        if p == SH.minLength:
            n = _int(value)
            return _each(
                SH.MinLengthConstraintComponent, lambda v: _is_bnode(v) or len(_text(v)) < n
            )
        if p == SH.pattern:
            rx = re.compile(str(value), _re_flags(str(g.value(node, SH.flags) or "")))
            return _each(
                SH.PatternConstraintComponent, lambda v: _is_bnode(v) or not rx.search(_text(v))
            )
        if p == SH.languageIn:
            langs = {str(x).lower() for x in self.items(value)}
            return _each(SH.LanguageInConstraintComponent, lambda v: not _lang_in(v, langs))
        if p == SH.uniqueLang:
            if not (isinstance(value, Literal) and value.toPython() is True):
                return lambda f, st, vs: _NONE
            return _unique_lang
        if p == SH["or"]:
            alternatives = [self.shape(a, value_is_focus) for a in self.items(value)]
            owner.inner += alternatives

            def either(f: Term, st: _Statements, vs: list[Term]) -> _Out:
                return [
                    (v, SH.OrConstraintComponent)
                    for v in vs
                    if not any(self.conforms(a, v, st) for a in alternatives)
                ]

            return either
        if p == SH.node:
            inner = self.shape(value, value_is_focus)
            owner.inner.append(inner)
            return lambda f, st, vs: [
                (v, SH.NodeConstraintComponent) for v in vs if not self.conforms(inner, v, st)
            ]
        if p == SH.qualifiedValueShape:
            inner = self.shape(value, False)
            owner.inner.append(inner)
            low = g.value(node, SH.qualifiedMinCount)
            high = g.value(node, SH.qualifiedMaxCount)

            def qualified(f: Term, st: _Statements, vs: list[Term]) -> _Out:
                n = sum(1 for v in vs if self.conforms(inner, v, st))
                out: _Out = []
                if low is not None and n < int(low):  # type: ignore[call-overload]
                    out.append((None, SH.QualifiedMinCountConstraintComponent))
                if high is not None and n > int(high):  # type: ignore[call-overload]
                    out.append((None, SH.QualifiedMaxCountConstraintComponent))
                return out

            return qualified
        raise Unsupported(f"{node}: {p} is not compiled")

    def results(
        self, shape: _Shape, focus: Term, st: dict[str, list[Term]], out: list[_Found]
    ) -> None:
        """Append the results of ``shape`` on ``focus`` to ``out``."""
        values = [focus] if shape.path is None else st.get(shape.path, _NONE)
        for check in shape.checks:
            found = check(focus, st, values)
            if found:
                out += [(v, shape.path, component, shape.message) for v, component in found]
        for child in shape.nested:
            self.results(child, focus, st, out)

    def conforms(self, shape: _Shape, node: Term, st: _Statements) -> bool:
        values = [node] if shape.path is None else st.get(shape.path, _NONE)
        for check in shape.checks:
            if check(node, st, values):
                return False
        return all(self.conforms(child, node, st) for child in shape.nested)


_NONE: list[Any] = []  # no results, no values (never appended to)

# Constraints whose verdict depends on a value's text: an IRI's, not only its types; a
# literal's lexical form, not only its datatype and language.
_READS_TEXT = frozenset({SH["in"], SH.hasValue, SH.pattern, SH.minLength})


def _text_paths(
    shape: _Shape, context: str | None, out: set[str | None], seen: set[tuple[int, str | None]]
) -> None:
    """Add to ``out`` every path whose values some check reachable from ``shape`` reads
    the text of; ``None`` for the focus node itself. ``context``: the path by which the
    node ``shape`` applies to was reached (None: the focus)."""
    if (id(shape), context) in seen:
        return
    seen.add((id(shape), context))
    here = shape.path if shape.path is not None else context
    if shape.reads_text:
        out.add(here)
    for inner in shape.inner:  # applied to this shape's value nodes
        _text_paths(inner, here, out, seen)
    for child in shape.nested:  # applied to the node this shape applies to
        _text_paths(child, context, out, seen)


_MEMO_MAX = 1 << 16  # keys of subjects that conformed, kept per run


class _Memo:
    """Subjects that conformed, by what the checks can see of them: the statements,
    each IRI value by its types alone and each literal by its datatype, language and
    well-formedness alone, unless a check reads its text (see :func:`_text_paths`). A
    subject that looks like one that conformed conforms too, and is not checked again;
    one that looks like a subject with results is checked in full (its results name its
    own focus and values). Disabled when a check reads the focus node's own text."""

    def __init__(self, tops: list[_Top], types: _Types) -> None:
        paths: set[str | None] = set()
        seen: set[tuple[int, str | None]] = set()
        for top in tops:
            _text_paths(top.shape, None, paths, seen)
        self.enabled = None not in paths
        self.keep = frozenset({TYPE, *(p for p in paths if p is not None)})
        self.types = types.types
        self.ids: dict[str, int] = {}  # an IRI's kind of node: its types and bnode-ness
        self.sets: dict[tuple[frozenset[str] | None, bool], int] = {}
        # the key of each subject that conformed → its tops with SPARQL constraints
        self.conformed: dict[tuple[Any, ...], list[_Top]] = {}

    def room(self) -> bool:
        """Whether another key may be kept: at most :data:`_MEMO_MAX`, so that seeds
        whose subjects are all unlike (a text on every entry that a check reads) do not
        keep one key per subject."""
        return len(self.conformed) < _MEMO_MAX

    def _kind(self, node: str) -> int:
        found = self.ids.get(node)
        if found is None:
            types = self.types.get(node)
            key = (None if types is None else frozenset(types), _is_bnode(node))
            found = self.ids[node] = self.sets.setdefault(key, len(self.sets))
        return found

    def key(self, focus: str, st: _Statements) -> tuple[Any, ...]:
        keep, kind = self.keep, self._kind
        return (
            kind(focus),
            *(
                (p, tuple(os))
                if p in keep
                else (p, *(o[1:] if isinstance(o, Lit) else kind(o) for o in os))
                for p, os in st.items()
            ),
        )


def _int(value: Node) -> int:
    if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
        raise Unsupported(f"{value!r} is not an integer")
    return int(value.toPython())


def _each(component: URIRef, bad: Callable[[Term], bool]) -> _Check:
    def check(f: Term, st: _Statements, vs: list[Term]) -> _Out:
        return [(v, component) for v in vs if bad(v)]

    return check


def _not_datatype(dt: str) -> Callable[[Term], bool]:
    """sh:datatype as pySHACL reads it: the literal's datatype, well formed; a plain
    literal is an xsd:string, a tagged one an rdf:langString."""
    if dt == str(RDFS.Literal):
        return lambda v: not isinstance(v, Lit)
    if dt == str(RDFS.Datatype):
        return lambda v: not isinstance(v, Lit) or bool(v.lang)
    if dt == LANG_STRING:
        return lambda v: not isinstance(v, Lit) or not v.lang
    if dt == STRING:
        return lambda v: (
            not isinstance(v, Lit)
            or bool(v.lang)
            or v.datatype not in ("", STRING)
            or not v.well_formed
        )
    return lambda v: not isinstance(v, Lit) or v.datatype != dt or not v.well_formed


def _text(t: Term) -> str:
    return t.lex if isinstance(t, Lit) else t


def _re_flags(flags: str) -> int:
    out = 0
    for ch, f in (("i", re.I), ("m", re.M), ("s", re.S), ("x", re.X)):
        if ch in flags:
            out |= f
    return out


def _lang_in(v: Term, langs: set[str]) -> bool:
    if not isinstance(v, Lit) or not v.lang:
        return False
    lang = v.lang.lower()
    return "*" in langs or lang in langs or lang.split("-")[0] in langs


def _unique_lang(f: Term, st: _Statements, vs: list[Term]) -> _Out:
    if len(vs) < 2:
        return _NONE
    seen: set[str] = set()
    dup: set[str] = set()
    for v in vs:
        if isinstance(v, Lit) and v.lang:
            lang = v.lang.lower()
            (dup if lang in seen else seen).add(lang)
    return [(None, SH.UniqueLangConstraintComponent) for _ in dup]


class CompiledShapes:
    """The shapes graph compiled; :meth:`validate` runs it over plain statements."""

    def __init__(
        self, shapes: Graph, ontology: Graph | None = None, prepared: Prepared | None = None
    ):
        """``prepared``: what an earlier compile of the same shapes and ontology worked
        out (:attr:`prepared` after it); what it lacks is worked out here."""
        flat = flatten_shapes(shapes)
        self.shapes = flat
        self._types: _Types | None = None
        # Subjects that look like one that conformed are not checked again (:class:`_Memo`);
        # False checks every subject in full.
        self.memo = True
        self.prepared = Prepared(dict(prepared.reads), prepared.mixin) if prepared else Prepared()
        compiler = _Compiler(flat, self._run_types, self.prepared)
        self._compiler = compiler
        self.tops: list[_Top] = []
        for p in (SH.targetNode, SH.targetObjectsOf, SH.target):
            if (None, p, None) in flat:
                raise Unsupported(f"{p} is not compiled")
        for p in (SH.severity, SH.deactivated, SH.closed, SH.qualifiedValueShapesDisjoint):
            if (None, p, None) in flat:
                raise Unsupported(f"{p} is not compiled")
        targeted = set(flat.subjects(SH.targetClass, None)) | set(
            flat.subjects(SH.targetSubjectsOf, None)
        )
        for s in sorted(targeted, key=str):
            self.tops.append(
                _Top(
                    compiler.shape(s, True),
                    {str(c) for c in flat.objects(s, SH.targetClass)},
                    {str(p) for p in flat.objects(s, SH.targetSubjectsOf)},
                )
            )
        for s in set(flat.subjects(RDF.type, RDFS.Class)) & (
            set(flat.subjects(RDF.type, SH.NodeShape))
            | set(flat.subjects(RDF.type, SH.PropertyShape))
        ):
            raise Unsupported(f"{s}: implicit class targets are not compiled")
        # The ontology as pySHACL's ont_graph mixes it into the data.
        self.mixin: list[Subject] = []
        if ontology is not None:
            if self.prepared.mixin is None:
                from pyshacl.rdfutil.inoculate import inoculate

                mixin = Graph()
                inoculate(mixin, ontology)  # type: ignore[arg-type]
                self.prepared.mixin = graph_subjects([mixin])
            self.mixin = self.prepared.mixin
        self._mixin_ids = {id(x) for x in self.mixin}

    def _run_types(self) -> _Types:
        assert self._types is not None
        return self._types

    def validate(
        self,
        types: dict[str, set[str]],
        subjects: Iterable[Subject],
        subclass: Iterable[tuple[str, str]] = (),
    ) -> list[ShaclResult]:
        """Results for ``subjects`` (each with its statements, rdf:type among them), given
        the rdf:type objects of every node (``types``, which must cover the ones
        ``subjects`` name) and the data's rdfs:subClassOf pairs. The ontology's terms
        are validated with them."""
        results: list[ShaclResult] = []
        for _ in self.checked(types, subjects, results, subclass):
            pass
        return results

    def checked(
        self,
        types: dict[str, set[str]],
        subjects: Iterable[Subject],
        results: list[ShaclResult],
        subclass: Iterable[tuple[str, str]] = (),
    ) -> Iterator[Subject]:
        """``subjects`` again, each once checked; the results are in ``results`` (once
        each) when the last has been taken."""
        types = dict(types)
        pairs = list(subclass)
        for s, st in self.mixin:
            if TYPE in st:
                types[s] = types.get(s, set()) | {t for t in st[TYPE] if isinstance(t, str)}
            for o in st.get(str(RDFS.subClassOf), []):
                if isinstance(o, str):
                    pairs.append((s, o))
        run = _Types(types, pairs)
        self._types = run
        compiler = self._compiler
        tops_by: dict[frozenset[str], list[_Top]] = {}
        sparql_focus: dict[int, list[Subject]] = {}
        found: list[ShaclResult] = []
        here: list[_Found] = []
        try:
            memo = _Memo(self.tops, run)
            targets_subjects_of = [top for top in self.tops if top.subjects_of]
            for subject in chain(self.mixin, subjects):
                self._types = run
                s, st = subject
                ours = id(subject) not in self._mixin_ids
                key = memo.key(s, st) if self.memo and memo.enabled and ours else None
                sparql = None if key is None else memo.conformed.get(key)
                if sparql is None:
                    types_here = frozenset(t for t in st.get(TYPE, _NONE) if isinstance(t, str))
                    tops = self._focus_tops(tops_by, types_here)
                    extra = [
                        top for top in targets_subjects_of if not top.subjects_of.isdisjoint(st)
                    ]
                    before = len(found)
                    sparql = []
                    for top in dict.fromkeys([*tops, *extra]) if extra else tops:
                        compiler.results(top.shape, s, st, here)
                        if here:
                            found += [_result(s, *r) for r in here]
                            here.clear()
                        if top.shape.sparql:
                            sparql.append(top)
                    if key is not None and len(found) == before and memo.room():
                        memo.conformed[key] = sparql
                for top in sparql:
                    sparql_focus.setdefault(id(top), []).append(subject)
                if ours:
                    yield subject
            for top in self.tops:
                if id(top) in sparql_focus:
                    found += self._sparql(top, sparql_focus[id(top)])
        finally:
            self._types = None
        results += dict.fromkeys(found)

    def _focus_tops(
        self, tops_by: dict[frozenset[str], list[_Top]], subject_types: frozenset[str]
    ) -> list[_Top]:
        found = tops_by.get(subject_types)
        if found is None:
            t = self._run_types()
            found = [
                top
                for top in self.tops
                if any(not subject_types.isdisjoint(t.below(c)) for c in top.classes)
            ]
            tops_by[subject_types] = found
        return found

    def _sparql(self, top: _Top, focus: list[Subject]) -> list[ShaclResult]:
        out: list[ShaclResult] = []
        for constraint in top.shape.sparql:
            every = str(RDF.nil) in constraint.reads
            wanted: dict[object, str] = {}
            quads: list[ox.Quad] = []
            for s, st in focus:
                subject = to_oxigraph(s)
                wanted[subject] = s
                quads += (
                    ox.Quad(subject, ox.NamedNode(p), to_oxigraph(o))  # type: ignore[arg-type]
                    for p, objects in st.items()
                    if every or p in constraint.reads
                    for o in objects
                )
            store = ox.Store()
            store.extend(quads)
            for row in store.query(constraint.query):  # type: ignore[union-attr]
                this = wanted.get(row["this"])
                if this is not None:
                    out.append(
                        _result(this, this, None, SH.SPARQLConstraintComponent, constraint.message)
                    )
        return out


def _result(
    focus: str, value: Term | None, path: str | None, component: URIRef, message: str | None
) -> ShaclResult:
    return ShaclResult(
        to_rdflib(focus),
        None if path is None else URIRef(path),
        None if value is None else to_rdflib(value),
        message,
        component,
    )


def graph_validate(compiled: CompiledShapes, data: Graph) -> list[ShaclResult]:
    """The compiled shapes over an rdflib graph (as pySHACL would validate it)."""
    subjects = graph_subjects([data])
    types: dict[str, set[str]] = {}
    for s, st in subjects:
        types.setdefault(s, set()).update(t for t in st.get(TYPE, []) if isinstance(t, str))
    subclass = [(str(s), str(o)) for s, o in data.subject_objects(RDFS.subClassOf)]
    return compiled.validate(types, subjects, subclass)
