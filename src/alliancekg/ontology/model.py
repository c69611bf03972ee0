"""The model, read once from ontology/alliance.ttl.

Classes, properties, controlled vocabularies and their seed keys, Neo4j labels
and relationship types are all declared in the ontology; this module turns
those declarations into lookup tables for the seed reader, the RDF builder and
the property-graph mapping. Nothing here names a term the ontology does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SDO, XSD

from ..config import home
from .vocab import AKG


class Kind(StrEnum):
    LANG = "lang"  # rdf:langString, keyed by language
    LITERAL = "literal"  # xsd:string, integer, decimal, boolean, anyURI, gYear
    DATE = "date"  # akg:PartialDate: year, year-month, date or relative date
    REF = "ref"  # another entity, by id
    VOCAB = "vocab"  # a value of a controlled vocabulary, by key


@dataclass(frozen=True)
class Prop:
    iri: URIRef
    key: str
    kind: Kind
    range: URIRef
    multi: bool
    rel_type: str | None
    as_property: bool
    domains: frozenset[URIRef]
    # What the graph holds when a seed entry leaves the field out (akg:seedDefault).
    default: URIRef | Literal | None = None
    # A start date (rdfs:subPropertyOf schema:startDate): part of a derived id, so that
    # leaving and joining again makes a second relationship.
    starts: bool = False
    # Part of the id derived for an entry written without one (akg:idPart).
    id_part: bool = False
    # Filled in by loading, never written in seeds (akg:derived).
    derived: bool = False


@dataclass
class Cls:
    iri: URIRef
    label: str | None
    rel_type: str | None
    rel_from: URIRef | None
    rel_to: URIRef | None
    section: str | None
    kind: str | None
    supers: tuple[URIRef, ...]
    props: dict[str, Prop] = field(default_factory=dict)
    # A statement about other entities (akg:fact): exported with what it points at.
    fact: bool = False
    # The prefix of an id derived for an entry written without one (akg:idPrefix).
    id_prefix: str | None = None

    @property
    def is_relationship(self) -> bool:
        return self.rel_type is not None

    @cached_property
    def local_name(self) -> str:
        return str(self.iri.removeprefix(str(AKG)))

    # What an id derived for an entry written without one is made of (asked per entry;
    # worked out once per class, when the model is complete).

    @cached_property
    def end_keys(self) -> tuple[str, str] | None:
        """The fields that hold a relationship class's two ends, from and to."""
        if self.rel_from is None or self.rel_to is None:
            return None
        keys = {p.iri: p.key for p in self.props.values()}
        return keys[self.rel_from], keys[self.rel_to]

    @cached_property
    def id_keys(self) -> tuple[str, ...]:
        """The fields a derived id names, in order: a relationship's two ends, else the
        ``akg:idPart`` fields by name."""
        if self.end_keys is not None:
            return self.end_keys
        return tuple(p.key for p in sorted(self.props.values(), key=lambda p: p.key) if p.id_part)

    @cached_property
    def ref_keys(self) -> tuple[str, ...]:
        """The fields that name other entities (by id, name or alias), ``sources`` and
        ``same_as`` apart."""
        return tuple(
            k
            for k, p in self.props.items()
            if p.kind is Kind.REF and k not in ("sources", "same_as")
        )

    @cached_property
    def start_keys(self) -> tuple[str, ...]:
        """The fields of a start date, which a dated derived id ends with."""
        return tuple(p.key for p in self.props.values() if p.starts)


def _bool(graph: Graph, s: URIRef, p: URIRef) -> bool:
    v = graph.value(s, p)
    return isinstance(v, Literal) and bool(v.toPython())


def _str(graph: Graph, s: URIRef, p: URIRef) -> str | None:
    v = graph.value(s, p)
    return None if v is None else str(v)


@dataclass
class Model:
    graph: Graph
    classes: dict[URIRef, Cls]
    props: dict[URIRef, Prop]
    vocab: dict[URIRef, dict[str, URIRef]]  # vocabulary class -> key -> value
    vocab_key: dict[URIRef, str]  # value -> key
    languages: tuple[str, ...] = ()  # the language tags texts may carry (akg:languages)
    _kinds: dict[URIRef, dict[str, Cls]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # ------------------------------------------------------------------ lookups
    def section(self, name: str) -> Cls | None:
        for c in self.classes.values():
            if c.section == name:
                return c
        return None

    def sections(self) -> list[str]:
        return [c.section for c in self.classes.values() if c.section is not None]

    def kinds(self, base: Cls) -> dict[str, Cls]:
        """The subclasses of ``base`` by their ``kind`` (asked once per seed entry)."""
        found = self._kinds.get(base.iri)
        if found is None:
            found = self._kinds[base.iri] = {
                c.kind: c
                for c in self.classes.values()
                if c.kind is not None and base.iri in c.supers
            }
        return dict(found)

    def types_of(self, cls: Cls) -> list[URIRef]:
        """rdf:types asserted for an instance: the class and all its declared superclasses."""
        return [cls.iri, *cls.supers]

    def labels_of(self, cls: Cls) -> list[str]:
        labels = [cls.label] if cls.label else []
        for s in cls.supers:
            sup = self.classes.get(s)
            if sup is not None and sup.label is not None:
                labels.append(sup.label)
        return labels

    def class_for_labels(self, labels: set[str]) -> Cls:
        best: Cls | None = None
        for c in self.classes.values():
            if c.label is not None and set(self.labels_of(c)) == labels:
                best = c
        if best is None:
            raise KeyError(f"no class for labels {sorted(labels)}")
        return best

    def class_for_rel_type(self, rel_type: str) -> Cls | None:
        for c in self.classes.values():
            if c.rel_type == rel_type:
                return c
        return None

    def node_labels(self) -> list[str]:
        return sorted({c.label for c in self.classes.values() if c.label is not None})

    def rel_types(self) -> list[str]:
        types = {c.rel_type for c in self.classes.values() if c.rel_type}
        types |= {p.rel_type for p in self.props.values() if p.rel_type}
        return sorted(t for t in types if t is not None)

    def is_vocabulary(self, cls_iri: URIRef) -> bool:
        return cls_iri in self.vocab

    def section_of(self, cls: Cls) -> str | None:
        """The seed section that holds instances of ``cls`` (a kind's base's section)."""
        for c in (cls.iri, *cls.supers):
            found = self.classes.get(c)
            if found is not None and found.section is not None:
                return found.section
        return None

    def fact_classes(self) -> list[Cls]:
        """Classes whose instances state something about other entities."""
        return [c for c in self.classes.values() if c.fact]

    def entity_classes(self) -> list[Cls]:
        """Classes of the things facts are about and names resolve to: the node classes
        of the seed sections that are not facts (organisations, alliances, persons)."""
        return [
            c
            for c in self.classes.values()
            if c.section is not None and c.label is not None and not c.fact
        ]


def _default(graph: Graph, p: URIRef) -> URIRef | Literal | None:
    value = graph.value(p, AKG.seedDefault)
    return value if isinstance(value, URIRef | Literal) else None


def _closure(graph: Graph, cls: URIRef) -> tuple[URIRef, ...]:
    seen: list[URIRef] = []
    todo = [cls]
    while todo:
        c = todo.pop(0)
        for sup in graph.objects(c, RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup not in seen:
                seen.append(sup)
                todo.append(sup)
    return tuple(seen)


def _inherited(graph: Graph, cls: URIRef, supers: tuple[URIRef, ...], p: URIRef) -> str | None:
    for c in (cls, *supers):
        v = _str(graph, c, p)
        if v is not None:
            return v
    return None


def load_model(path: Path | None = None) -> Model:
    graph = Graph()
    graph.parse(path or home().ontology_file, format="turtle")

    vocab: dict[URIRef, dict[str, URIRef]] = {}
    vocab_key: dict[URIRef, str] = {}
    for vcls in graph.subjects(AKG.vocabulary, Literal(True)):
        assert isinstance(vcls, URIRef)
        values: dict[str, URIRef] = {}
        for value in graph.subjects(RDF.type, vcls):
            assert isinstance(value, URIRef)
            key = _str(graph, value, AKG.key)
            if key is not None:
                values[key] = value
                vocab_key[value] = key
        vocab[vcls] = values

    props: dict[URIRef, Prop] = {}
    for p in set(graph.subjects(AKG.key, None)):
        if not isinstance(p, URIRef) or p in vocab_key:
            continue
        rng = graph.value(p, RDFS.range)
        assert isinstance(rng, URIRef), f"{p} has no range"
        if rng == RDF.langString:
            kind = Kind.LANG
        elif rng == AKG.PartialDate:
            kind = Kind.DATE
        elif str(rng).startswith(str(XSD)):
            kind = Kind.LITERAL
        elif rng in vocab:
            kind = Kind.VOCAB
        else:
            kind = Kind.REF
        key = _str(graph, p, AKG.key)
        assert key is not None
        props[p] = Prop(
            iri=p,
            key=key,
            kind=kind,
            range=rng,
            multi=_bool(graph, p, AKG.multiValued),
            rel_type=_str(graph, p, AKG.neo4jType),
            as_property=_bool(graph, p, AKG.neo4jAsProperty),
            domains=frozenset(
                d for d in graph.objects(p, SDO.domainIncludes) if isinstance(d, URIRef)
            ),
            default=_default(graph, p),
            starts=(p, RDFS.subPropertyOf, SDO.startDate) in graph,
            id_part=_bool(graph, p, AKG.idPart),
            derived=_bool(graph, p, AKG.derived),
        )

    classes: dict[URIRef, Cls] = {}
    for c in set(graph.subjects(RDF.type, OWL.Class)):
        if not isinstance(c, URIRef) or c in vocab:
            continue
        supers = _closure(graph, c)
        rel_from = graph.value(c, AKG.neo4jFrom)
        rel_to = graph.value(c, AKG.neo4jTo)
        cls = Cls(
            iri=c,
            label=_str(graph, c, AKG.neo4jLabel),
            rel_type=_str(graph, c, AKG.neo4jType),
            rel_from=rel_from if isinstance(rel_from, URIRef) else None,
            rel_to=rel_to if isinstance(rel_to, URIRef) else None,
            section=_str(graph, c, AKG.seedSection),
            kind=_str(graph, c, AKG.seedKind),
            supers=supers,
            fact=_bool(graph, c, AKG.fact),
            id_prefix=_str(graph, c, AKG.idPrefix),
        )
        scope = {c, *supers}
        for prop in props.values():
            if prop.domains & scope:
                if prop.key in cls.props:
                    raise ValueError(f"{c}: key '{prop.key}' used by two properties")
                cls.props[prop.key] = prop
        classes[c] = cls
    languages: tuple[str, ...] = ()
    for listed in graph.objects(None, AKG.languages):
        languages = tuple(str(x) for x in Collection(graph, listed))
    return Model(
        graph=graph,
        classes=classes,
        props=props,
        vocab=vocab,
        vocab_key=vocab_key,
        languages=languages,
    )


@cache
def model() -> Model:
    """The model of the project's ontology, parsed once per process."""
    return load_model()
