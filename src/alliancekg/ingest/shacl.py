"""SHACL validation in time linear in the data, with pySHACL's own results.

pySHACL checks each focus node against each shape in Python. Over the whole
graph that cost ~1 ms per membership, growing a little faster than the graph,
and a profile showed it was mostly bookkeeping: the ``sh:property`` and
``sh:node`` shapes of a node shape are validated once *per focus node*, each
time building their constraint components anew, and ``sh:or`` builds a full
result (message, text, stringified nodes) for every alternative a value fails,
only to throw it away. (A SPARQL constraint is worse: its query is parsed again
for each focus node, ~0.1 s each.) Three steps remove that cost without
changing what pySHACL reports:

1. **Flattened shapes** (:func:`flatten_shapes`). The property shapes and
   ``sh:node`` shapes of a targeted node shape become shapes of their own, with
   the parent's targets. By the definitions of ``sh:property`` and ``sh:node``
   they give the same results (same focus node, path, value and message); only
   the ``sh:node`` wrapper results ("does not conform to shape X", reported
   through their ``sh:detail`` results) are no longer produced, and a result that
   two parents gave twice is given once.

2. **Local shapes** (:func:`plan_shapes`). A top-level shape is *local* when its
   results for a focus node depend only on that node's values of some predicates
   (its ``reads``) and on the ``rdf:type``/``rdfs:subClassOf`` triples of those
   values. That is checked from the shapes graph: single-predicate paths, value
   constraints, nested shapes that look at a value node only as a term and by its
   types, SPARQL constraints whose triple patterns all start at ``$this``. Any
   other shape (inverse or longer paths, a value node's own properties, custom
   components, severities, ...) is validated over the whole graph, as before.

3. **Focus nodes grouped by what a shape reads**. When, moreover, a local shape's
   results cannot tell its focus nodes apart (its messages are its own
   ``sh:message`` values with no ``{$this}``-style placeholder, and no constraint looks
   at the focus node itself as a term), focus nodes with the same values of
   ``reads`` get the same results: pySHACL validates one of them, and its results
   are copied to the others. Otherwise each focus node is its own group. Either
   way the groups' representatives are validated in chunks of ``batch_size``,
   each a small graph with their ``reads`` triples, their types, their values'
   types and every ``rdfs:subClassOf`` triple; results whose focus node is not
   one of the chunk's representatives (a value can be a focus node of the same
   shape too, here with partial data) are dropped.

The ontology is mixed in as pySHACL's ``ont_graph`` option does it
(``inoculate``), and its terms are focus nodes like the data's. Graphs smaller
than ``SMALL_GRAPH`` are validated whole, with flattened shapes: a run per shape
costs a few milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

# pySHACL and rdflib's SPARQL engine are imported where they are used: a process
# whose compiled shapes come from the cache (:mod:`.shapecheck`) never needs them.

# Representatives per pySHACL run: bounds each run's graph, so the total time
# grows with the number of runs, linearly.
BATCH_SIZE = 5000
# Below this many triples one run over the whole graph is quicker than a run per
# shape (each run costs a few milliseconds).
SMALL_GRAPH = 10_000


class ShaclResult(NamedTuple):
    """One validation result that is not a wrapper of others (has no ``sh:detail``)."""

    focus: Node
    path: Node | None
    value: Node | None
    message: str | None
    component: Node | None = None  # sh:sourceConstraintComponent


# --------------------------------------------------------------------------- shapes

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# Targets whose focus nodes are subjects of the data (of an rdf:type triple or of
# the given predicate), found here as pySHACL finds them.
_LOCAL_TARGETS = frozenset({SH.targetClass, SH.targetSubjectsOf})
_SHAPE_LISTS = frozenset({SH["or"], SH["and"], SH.xone})
_SHAPE_VALUES = frozenset({SH.node, SH["not"], SH.property, SH.qualifiedValueShape})
# Nested shapes whose results are passed up (the others' are only counted).
_REPORTING = frozenset({SH.node, SH.property})

# Parameters that look at one value node: the term itself, or (sh:class) its
# rdf:type and rdfs:subClassOf triples.
_VALUE_LOCAL = frozenset(
    {
        SH["class"],
        SH.datatype,
        SH.nodeKind,
        SH["in"],
        SH.hasValue,
        SH.pattern,
        SH.flags,
        SH.languageIn,
        SH.minLength,
        SH.maxLength,
        SH.minInclusive,
        SH.maxInclusive,
        SH.minExclusive,
        SH.maxExclusive,
    }
)
# Parameters of a property shape on the set of values (or on another predicate's).
_PROPERTY_LOCAL = frozenset(
    {SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedMinCount, SH.qualifiedMaxCount}
)
_COMPARISONS = frozenset({SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals})
_NOT_CONSTRAINTS = frozenset(
    {
        SH.message,
        SH.name,
        SH.description,
        SH.order,
        SH.group,
        SH.defaultValue,
        SH.path,
        SH.prefixes,
        *_TARGETS,
    }
)


def _copy(g: Graph) -> Graph:
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    out += g
    return out


def _children(g: Graph, shape: Node, p: Node, o: Node) -> Iterable[Node]:
    return g.items(o) if p in _SHAPE_LISTS else [o]


def _referenced_shapes(g: Graph) -> set[Node]:
    return {
        c for s, p, o in g if p in _SHAPE_LISTS or p in _SHAPE_VALUES for c in _children(g, s, p, o)
    }


def flatten_shapes(shapes: Graph) -> Graph:
    """A copy of ``shapes`` in which each targeted node shape gives its ``sh:property``
    and ``sh:node`` shapes its targets and lets go of them.

    Only where that cannot change conformance: not at all if a ``sh:severity``,
    ``sh:deactivated``, ``sh:qualifiedValueShapesDisjoint`` or ``sh:target`` is
    anywhere (each depends on where a shape sits), and only for parents that no
    other shape refers to and that are not classes (implicit targets)."""
    g = _copy(shapes)
    for p in (SH.severity, SH.deactivated, SH.qualifiedValueShapesDisjoint, SH.target):
        if (None, p, None) in g:
            return g
    changed = True
    while changed:
        changed = False
        referenced = _referenced_shapes(g)
        for parent in {s for p in _TARGETS for s in g.subjects(p, None)}:
            if (
                parent in referenced
                or (parent, SH.path, None) in g
                or (parent, RDF.type, RDFS.Class) in g
                or (parent, RDF.type, OWL.Class) in g
            ):
                continue
            targets = [(p, o) for p in _TARGETS for o in g.objects(parent, p)]
            for link in (SH.property, SH.node):
                for child in list(g.objects(parent, link)):
                    if child == parent:
                        continue
                    for p, o in targets:
                        g.add((child, p, o))
                    g.remove((parent, link, child))
                    changed = True
    return g


# SPARQL algebra that reads no triple and calls nothing outside the query.
_SPARQL_ALGEBRA = frozenset(
    {
        "SelectQuery",
        "Project",
        "BGP",
        "Filter",
        "Extend",
        "Join",
        "LeftJoin",
        "Union",
        "Minus",
        "Distinct",
        "Reduced",
        "Slice",
        "OrderBy",
        "OrderCondition",
        "ToMultiSet",
        "values",
        "RelationalExpression",
        "ConditionalAndExpression",
        "ConditionalOrExpression",
        "AdditiveExpression",
        "MultiplicativeExpression",
        "UnaryNot",
        "UnaryMinus",
        "UnaryPlus",
        "TrueFilter",
    }
)
_THIS = Variable("this")


def _sparql_prefixes(g: Graph, constraint: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for src in g.objects(constraint, SH.prefixes):
        for decl in g.objects(src, SH.declare):
            prefix, ns = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                out[str(prefix)] = str(ns)
    return out


def sparql_query(g: Graph, constraint: Node) -> str | None:
    """A SELECT constraint's query, its ``sh:prefixes`` declared in it; None for
    anything else."""
    select = g.value(constraint, SH.select)
    if select is None or (constraint, SH.ask, None) in g:
        return None
    prefixes = sorted(_sparql_prefixes(g, constraint).items())
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes) + str(select)


def _sparql_reads(g: Graph, constraint: Node) -> tuple[frozenset[str], bool] | None:
    query = sparql_query(g, constraint)
    return None if query is None else query_reads(query)


@cache
def query_reads(text: str) -> tuple[frozenset[str], bool] | None:
    """For a SELECT query whose every triple pattern starts at ``$this`` with a
    plain predicate, and that has no EXISTS, GRAPH, SERVICE or function call: the
    predicates it reads (``rdf:nil`` for a variable predicate: all of them) and
    whether it uses ``$this`` otherwise (in an expression, as an object), which makes
    the node itself matter. Else None."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.algebra import traverse
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        query = prepareQuery(text)
    except Exception:  # pySHACL reports a bad query; here it is just not local
        return None
    reads: set[str] = set()
    local = True
    names_this = False

    def visit(node: object) -> None:
        nonlocal local, names_this
        if not isinstance(node, CompValue):
            return
        name = str(node.name)
        if name == "BGP":
            for s, p, o in node.triples:
                if s != _THIS or not isinstance(p, (URIRef, Variable)):
                    local = False
                names_this = names_this or o == _THIS
                reads.add(str(p) if isinstance(p, URIRef) else str(RDF.nil))
            return
        if not (
            name in _SPARQL_ALGEBRA
            or (name.startswith("Builtin_") and "EXISTS" not in name)
            or name.startswith("Aggregate_")
        ):
            local = False
        if name not in ("Project", "SelectQuery"):  # which select $this
            for key, value in node.items():
                if str(key).startswith("_"):
                    continue  # the algebra's own notes (_vars: the variables in scope)
                if isinstance(value, Variable):
                    names_this = names_this or value == _THIS
                elif isinstance(value, (list, tuple, set)):
                    names_this = names_this or _THIS in value

    traverse(query.algebra, visitPost=visit)
    return (frozenset(reads), names_this) if local else None


def _constraint_parameters(g: Graph, shape: Node) -> set[URIRef]:
    return {
        p
        for p in g.predicates(shape, None)
        if isinstance(p, URIRef) and p.startswith(str(SH)) and p not in _NOT_CONSTRAINTS
    }


def _own_messages(g: Graph, shape: Node) -> bool:
    """Whether every result the shape makes has a message that names no node: its
    own sh:message (or its SPARQL constraints'), with no placeholder."""
    own = [str(m) for m in g.objects(shape, SH.message)]
    if any("{" in m for m in own):
        return False
    for c in g.objects(shape, SH.sparql):
        extra = [str(m) for m in g.objects(c, SH.message)]
        if any("{" in m for m in extra) or not (own or extra):
            return False
    if own:
        return True
    # Without one, a constraint's results carry pySHACL's generic message, which
    # may name the focus node. These make none (sh:node's wrapper is not reported).
    return _constraint_parameters(g, shape) <= {SH.sparql, SH.property, SH.node}


@dataclass
class ShapePlan:
    """How to validate a local top-level shape."""

    shape: Node
    reads: set[Node] = field(default_factory=set)  # RDF.nil: every predicate
    by_value: bool = True  # focus nodes with the same values of `reads` share results
    empty: bool = False  # no constraint: no result

    @property
    def reads_all(self) -> bool:
        return RDF.nil in self.reads


def _walk(
    g: Graph,
    shape: Node,
    on_focus: bool,
    reports: bool,
    plan: ShapePlan,
    seen: set[tuple[Node, bool, bool]],
) -> bool:
    """Whether ``shape`` is local; collects what it reads into ``plan``.

    ``on_focus``: applied to the focus node (else to a value node, where it may
    look only at that node and its types); ``reports``: its results are reported
    (not only counted by a logical constraint)."""
    if (shape, on_focus, reports) in seen:
        return True
    seen.add((shape, on_focus, reports))
    is_property = (shape, SH.path, None) in g
    if is_property:
        path = g.value(shape, SH.path)
        if not on_focus or not isinstance(path, URIRef):
            return False  # a value node's own properties, or a path beyond one predicate
        plan.reads.add(path)
    if on_focus and reports and not _own_messages(g, shape):
        plan.by_value = False  # a generic message names the focus node
    parameters = _constraint_parameters(g, shape)
    for p, o in g.predicate_objects(shape):
        if p not in parameters:
            continue
        if p in _VALUE_LOCAL:
            if on_focus and not is_property:
                plan.by_value = False  # a constraint on the focus node itself
        elif p in _SHAPE_LISTS or p in _SHAPE_VALUES:
            # A property shape's nested shapes apply to its values; a node shape's
            # to the node itself.
            child_on_focus = on_focus and not is_property and p != SH.qualifiedValueShape
            child_reports = reports and p in _REPORTING
            for child in _children(g, shape, p, o):
                if not _walk(g, child, child_on_focus, child_reports, plan, seen):
                    return False
        elif is_property and p in _PROPERTY_LOCAL:
            pass
        elif is_property and p in _COMPARISONS:
            plan.reads.add(o)
        elif (
            not is_property and on_focus and p in _COMPARISONS - {SH.lessThan, SH.lessThanOrEquals}
        ):
            plan.reads.add(o)
            plan.by_value = False  # compares the focus node itself
        elif not is_property and on_focus and p in (SH.closed, SH.ignoredProperties):
            plan.reads.add(RDF.nil)
        elif not is_property and on_focus and p == SH.sparql:
            use = _sparql_reads(g, o)
            if use is None:
                return False
            plan.reads |= {URIRef(p) for p in use[0]}
            if use[1]:
                plan.by_value = False
        else:
            return False
    return True


def top_level_shapes(shapes: Graph) -> set[Node]:
    """The shapes that find their own focus nodes."""
    return {s for p in _TARGETS for s in shapes.subjects(p, None)}


def plan_shapes(shapes: Graph) -> tuple[dict[Node, ShapePlan], set[Node]]:
    """Plans for the local top-level shapes, and the other top-level shapes.

    None is local if the graph gives severities (a part's results would no longer
    tell whether the whole conforms), defines constraint components or SHACL
    rules, or has shapes that are classes (implicit targets)."""
    tops = top_level_shapes(shapes)
    if (
        (None, SH.severity, None) in shapes
        or (None, RDF.type, SH.ConstraintComponent) in shapes
        or (None, SH.parameter, None) in shapes
        or (None, SH.rule, None) in shapes
        or (None, SH.target, None) in shapes
        or any((s, RDF.type, c) in shapes for s in tops for c in (RDFS.Class, OWL.Class))
    ):
        return {}, tops
    plans: dict[Node, ShapePlan] = {}
    for s in tops:
        if not _constraint_parameters(shapes, s):
            plans[s] = ShapePlan(s, empty=True)  # nothing to check (a flattened parent)
            continue
        plan = ShapePlan(s)
        if {p for p in _TARGETS if (s, p, None) in shapes} <= _LOCAL_TARGETS and _walk(
            shapes, s, True, True, plan, set()
        ):
            plans[s] = plan
    return plans, tops - set(plans)


# --------------------------------------------------------------------------- running


def _validate(data: Graph, shapes: Graph, ontology: Graph | None, inplace: bool) -> Graph | None:
    """pySHACL with the project's options: the report graph, or None if conforming."""
    from pyshacl import validate as shacl_validate

    conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=inplace,
    )
    if conforms:
        return None
    assert isinstance(report, Graph)
    return report


def _rows(report: Graph, results: Iterable[Node]) -> Iterator[ShaclResult]:
    for result in results:
        if (result, SH.detail, None) in report:
            continue  # "does not conform to shape X": its details say why
        focus = report.value(result, SH.focusNode)
        if focus is None:
            continue
        message = report.value(result, SH.resultMessage)
        yield ShaclResult(
            focus,
            report.value(result, SH.resultPath),
            report.value(result, SH.value),
            None if message is None else str(message),
            report.value(result, SH.sourceConstraintComponent),
        )


def _results_under(report: Graph, keep: set[Node]) -> dict[Node, list[Node]]:
    """The results under each top-level result whose focus node is in ``keep``
    (itself and its sh:detail results, recursively), by that focus node."""
    out: dict[Node, list[Node]] = defaultdict(list)
    for top in report.objects(None, SH.result):
        focus = report.value(top, SH.focusNode)
        if focus not in keep:
            continue
        todo = [top]
        while todo:
            r = todo.pop()
            out[focus].append(r)
            todo.extend(report.objects(r, SH.detail))
    return out


class _Mixed:
    """The data graph with the ontology mixed in (read, not copied), with its
    rdf:type triples indexed both ways."""

    def __init__(self, data: Graph, ontology: Graph | None) -> None:
        # What pySHACL adds to (a copy of) the data graph; it works on any Graph.
        from pyshacl.rdfutil.inoculate import inoculate

        mixin = Graph()
        if ontology is not None:
            inoculate(mixin, ontology)  # type: ignore[arg-type]
        self.sources = [g for g in (data, mixin) if len(g)]
        self.mixin_subjects = set(mixin.subjects())
        self.data = data
        self.mixin = mixin
        self.namespaces = list(data.namespaces())
        known = {p for p, _ in self.namespaces}
        self.namespaces += [(p, n) for p, n in mixin.namespaces() if p not in known]
        self.subclass = [t for g in self.sources for t in g.triples((None, RDFS.subClassOf, None))]
        self.types: dict[Node, set[Node]] = defaultdict(set)
        self.instances: dict[Node, set[Node]] = defaultdict(set)
        for g in self.sources:
            for s, t in g.subject_objects(RDF.type):
                self.types[s].add(t)
                self.instances[t].add(s)

    def predicate_objects(self, s: Node) -> Iterator[tuple[Node, Node]]:
        yield from self.data.predicate_objects(s)
        if s in self.mixin_subjects:
            yield from self.mixin.predicate_objects(s)

    def focus_nodes(self, targets: Iterable[tuple[Node, Node, Node]]) -> set[Node]:
        """As pySHACL finds them: instances of the target classes and of their
        subclasses, and subjects of the target predicates."""
        out: set[Node] = set()
        for _shape, kind, target in targets:
            if kind == SH.targetClass:
                classes, todo = {target}, [target]
                while todo:
                    sup = todo.pop()
                    for sub, _p, o in self.subclass:
                        if o == sup and sub not in classes:
                            classes.add(sub)
                            todo.append(sub)
                for c in classes:
                    out |= self.instances.get(c, set())
            elif kind == SH.targetSubjectsOf:
                out |= {s for g in self.sources for s, _ in g.subject_objects(target)}
            else:
                raise ValueError(f"not a local target: {kind}")
        return out

    def graph(self) -> Graph:
        g = Graph()
        for prefix, ns in self.namespaces:
            g.bind(prefix, ns, override=False)
        for t in self.subclass:
            g.add(t)
        return g


def _term_key(term: Node) -> object:
    """A term as a result shows it: rdflib's == ignores the case of language tags."""
    if isinstance(term, Literal):
        return (str(term), term.datatype, term.language)
    return term


def _group(
    mixed: _Mixed, plan: ShapePlan, focus: set[Node]
) -> dict[Node, tuple[list[tuple[Node, Node]], list[Node]]]:
    """Representative -> (its triples the shape reads, the focus nodes it stands for)."""
    read: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    if plan.reads_all:
        for f in focus:
            read[f] = list(mixed.predicate_objects(f))
    else:  # a pass over the predicates' triples: quicker than a look-up per node
        for p in plan.reads:
            for g in mixed.sources:
                for s, o in g.subject_objects(p):
                    if s in focus:
                        read[s].append((p, o))
    reps: dict[object, Node] = {}
    out: dict[Node, tuple[list[tuple[Node, Node]], list[Node]]] = {}
    for f in focus:
        triples = read.get(f, [])
        key = frozenset((p, _term_key(o)) for p, o in triples) if plan.by_value else f
        rep = reps.setdefault(key, f)
        if rep is f:
            out[f] = (triples, [f])
        else:
            out[rep][1].append(f)
    return out


def _run_plan(
    mixed: _Mixed,
    shapes: Graph,
    plan: ShapePlan,
    targets: Sequence[tuple[Node, Node, Node]],
    batch_size: int,
) -> list[ShaclResult]:
    """Validate a local shape's representatives in chunks (``shapes`` has no targets:
    the shape gets its own for each run); copy their results to their groups."""
    groups = _group(mixed, plan, mixed.focus_nodes(targets))
    target_preds = {o for _s, p, o in targets if p == SH.targetSubjectsOf}
    reps = list(groups)
    out: list[ShaclResult] = []
    for i in range(0, len(reps), batch_size):
        chunk = reps[i : i + batch_size]
        g = mixed.graph()
        values: set[Node] = set()
        for rep in chunk:
            read, _members = groups[rep]
            for p, o in read:
                g.add((rep, p, o))
                if not isinstance(o, Literal):
                    values.add(o)
            for t in mixed.types.get(rep, ()):
                g.add((rep, RDF.type, t))
            for p in target_preds:
                for p2, o in mixed.predicate_objects(rep):
                    if p2 == p:
                        g.add((rep, p, o))
        for v in values:
            for t in mixed.types.get(v, ()):
                g.add((v, RDF.type, t))
        for target in targets:
            shapes.add(target)
        try:
            report = _validate(g, shapes, None, inplace=True)
        finally:
            for target in targets:
                shapes.remove(target)
        if report is None:
            continue
        for rep, results in _results_under(report, set(chunk)).items():
            rows = list(_rows(report, results))
            for f in groups[rep][1]:
                out += [
                    r._replace(
                        focus=f if r.focus == rep else r.focus,
                        value=f if r.value == rep else r.value,
                    )
                    for r in rows
                ]
    return out


def shacl_results(
    data: Graph,
    shapes: Graph,
    ontology: Graph | None = None,
    *,
    batch_size: int | None = BATCH_SIZE,
    flatten: bool = True,
) -> list[ShaclResult]:
    """The results of validating ``data``, with ``ontology`` mixed in, against
    ``shapes``; ``[]`` if it conforms. The same result may come more than once.

    ``batch_size=None, flatten=False`` is one plain pySHACL run over the whole
    graph; the defaults give the same results (see the module docstring). A graph
    of fewer than ``SMALL_GRAPH`` triples is validated whole, with flattened shapes.
    """
    if flatten:
        shapes = flatten_shapes(shapes)
    grouped = batch_size is not None and len(data) >= SMALL_GRAPH
    plans, other = plan_shapes(shapes) if grouped else ({}, set())
    if not plans:
        report = _validate(data, shapes, ontology, inplace=False)
        return [] if report is None else list(_rows(report, report.subjects(SH.focusNode, None)))
    assert batch_size is not None
    targets = {
        s: [(s, p, o) for p in _TARGETS for o in shapes.objects(s, p)]
        for s in top_level_shapes(shapes)
    }
    # The shapes without targets: each run adds those of the shapes it is for.
    shapes = _copy(shapes)
    for triples in targets.values():
        for t in triples:
            shapes.remove(t)
    results: list[ShaclResult] = []
    if other:
        # Not local: over the whole graph, as before. With no sh:severity (else
        # plan_shapes finds nothing local) every result is a violation, so the
        # data conforms iff no run finds one.
        for s in other:
            for t in targets[s]:
                shapes.add(t)
        report = _validate(data, shapes, ontology, inplace=False)
        for s in other:
            for t in targets[s]:
                shapes.remove(t)
        if report is not None:
            results += _rows(report, report.subjects(SH.focusNode, None))
    mixed = _Mixed(data, ontology)
    for plan in plans.values():
        if not plan.empty:
            results += _run_plan(mixed, shapes, plan, targets[plan.shape], batch_size)
    return results
