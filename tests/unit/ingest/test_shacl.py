"""SHACL in groups and chunks (alliancekg.shacl_batches) reports what one pySHACL run
over the whole graph reports: the same results, so the same problems.

Each comparison runs both ways on the same graph: ``batch_size=None,
flatten=False`` is the plain run; the default flattens the shapes, validates
each local shape on one representative per group of focus nodes, in chunks
(``SMALL_GRAPH`` is set to 0 so that small graphs take that way too).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SDO, SH, SKOS, XSD

from alliancekg.config import DEFAULT_BASE_IRI
from alliancekg.exc import InvalidData
from alliancekg.ingest import shacl as shacl_batches
from alliancekg.ingest.build import build_graph
from alliancekg.ingest.reader import read_seeds
from alliancekg.ingest.shacl import ShaclResult, flatten_shapes, plan_shapes, shacl_results
from alliancekg.ingest.shapecheck import CompiledShapes, graph_validate
from alliancekg.ingest.synth import Scale, generate
from alliancekg.ingest.validation import shacl_problems, shapes_graph
from alliancekg.ontology.model import model
from alliancekg.ontology.vocab import AKG
from tests.paths import FIXTURES, SEEDS

EX = "http://example.org/"


def iri(ident: str) -> URIRef:
    return URIRef(DEFAULT_BASE_IRI + ident)


@pytest.fixture(autouse=True)
def grouped_even_when_small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shacl_batches, "SMALL_GRAPH", 0)


def as_set(results: list[ShaclResult]) -> set[tuple[object, ...]]:
    return {tuple(r) for r in results}


def both_ways(data: Graph, shapes: Graph, ontology: Graph | None = None, batch_size: int = 3):
    whole = as_set(shacl_results(data, shapes, ontology, batch_size=None, flatten=False))
    grouped = as_set(shacl_results(data, shapes, ontology, batch_size=batch_size))
    return whole, grouped


def sorted_subjects(g: Graph, cls: URIRef) -> list[URIRef]:
    return sorted((s for s in set(g.subjects(RDF.type, cls)) if isinstance(s, URIRef)), key=str)


def test_generated_seeds_with_injected_violations_give_the_same_problems(tmp_path: Path) -> None:
    m = model()
    generate(Scale(companies=40, alliances=4, memberships=120), tmp_path)
    seeds = read_seeds([tmp_path, SEEDS], m)  # the real seeds bring posts, quotes, ...
    g = build_graph(seeds, m=m)
    mems = sorted_subjects(g, AKG.Membership)
    assignments = sorted_subjects(g, AKG.SegmentAssignment)
    posts = sorted_subjects(g, AKG.Post)
    quotes = sorted_subjects(g, AKG.Quote)
    # One fault of each kind the shapes check, several of them on nodes that the
    # grouping puts together (same values of what the shape reads).
    g.remove((iri("c1"), SKOS.prefLabel, None))  # minCount
    g.add((iri("c2"), SKOS.prefLabel, Literal("x", lang="kr")))  # languageIn
    g.add((iri("c3"), SKOS.prefLabel, Literal("y", lang="en")))  # uniqueLang
    g.add((iri("c4"), SKOS.altLabel, Literal("")))  # minLength
    g.add((iri("c5"), SKOS.altLabel, Literal("al", lang="en")))  # datatype
    g.remove((mems[0], ORG.role, None))  # minCount
    g.add((mems[1], ORG.role, AKG.lead))  # maxCount
    g.set((mems[2], ORG.role, AKG.active))  # sh:in
    g.set((mems[3], ORG.member, iri("synthetic-0")))  # sh:class
    g.set((mems[4], AKG.joined, Literal("2020")))  # sh:or of datatypes
    g.set((mems[5], AKG.joined, Literal("2024-02-30", datatype=XSD.date)))  # ill-typed
    for mem in (mems[6], mems[13]):  # SPARQL: left before joined, twice alike
        g.set((mem, AKG.joined, Literal("2021", datatype=XSD.gYear)))
        g.set((mem, AKG.left, Literal("2019", datatype=XSD.gYear)))
    g.set((mems[7], AKG.left, Literal("2019", datatype=XSD.gYear)))
    for mem in mems[8:11]:  # sh:node with sh:or, three alike
        g.set((mem, AKG.basis, AKG.inferred))
    g.set((assignments[0], AKG.segment, iri("c9")))  # sh:class
    g.remove((assignments[1], AKG.reason, None))  # curator_judgment without reason
    g.add((iri("only-company"), RDF.type, AKG.Company))  # a target through rdfs:subClassOf
    g.set((mems[12], ORG.member, iri("only-company")))  # sh:class through rdfs:subClassOf
    g.set((posts[0], AKG.since, Literal("2022", datatype=XSD.gYear)))
    g.set((posts[0], AKG.until, Literal("2020-05", datatype=XSD.gYearMonth)))  # SPARQL
    g.remove((quotes[0], AKG.speaker, None))
    g.add((quotes[1], SDO.about, Literal("not a node")))
    ontology = Graph() + m.graph
    ontology.remove((AKG.Alliance, RDFS.label, Literal("얼라이언스", lang="ko")))

    whole, grouped = both_ways(g, shapes_graph(), ontology)

    assert grouped == whole
    messages = {str(r[3]) for r in whole}
    assert len(whole) >= 20
    assert {
        "left is before joined",
        "until is before since",
        "reason is required when basis is inferred or curator_judgment",
        "an ontology term needs a Korean rdfs:label",
        "member must name exactly one organization",
        "joined must be one partial date",
    } <= messages
    assert (
        iri("only-company"),
        SKOS.prefLabel,
        None,
        "name needs at least one name with a language tag (ko, en, ja, zh, de, fr, es), "
        "one per language",
        SH.MinCountConstraintComponent,
    ) in whole
    # compiled from the shapes: the same results
    assert as_set(graph_validate(CompiledShapes(shapes_graph(), ontology), g)) == whole

    with_fault = replace(m, graph=ontology)  # model() is shared: not in place
    records = seeds.by_id()
    assert shacl_problems(g, with_fault, records, batch_size=3) == shacl_problems(
        g, with_fault, records, batch_size=None, flatten=False
    )


def test_invalid_fixtures_give_the_same_problems_grouped_and_whole() -> None:
    m = model()
    checked = 0
    for case in sorted((FIXTURES / "invalid").iterdir()):
        try:
            seeds = read_seeds([case], m)
        except InvalidData:
            continue  # found before SHACL
        g = build_graph(seeds, m=m)
        records = seeds.by_id()
        assert shacl_problems(g, m, records, batch_size=2) == shacl_problems(
            g, m, records, batch_size=None, flatten=False
        ), case.name
        checked += 1
    assert checked >= 5


def test_the_project_shapes_are_all_local() -> None:
    """Every shape of ontology/shapes.ttl needs only its focus node's own triples and
    its values' types; none falls back to the whole graph."""
    shapes = flatten_shapes(shapes_graph())
    plans, other = plan_shapes(shapes)

    assert other == set()
    reason = next(
        p for p in plans.values() if str(shapes.value(p.shape, SH.message)).startswith("reason is")
    )
    assert reason.reads == {AKG.basis, AKG.reason} and reason.by_value
    dates = next(p for p in plans.values() if (p.shape, SH.targetSubjectsOf, AKG.left) in shapes)
    assert dates.reads == {AKG.joined, AKG.left} and dates.by_value  # SPARQL, $this as subject


SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <{EX}> .

ex:Local a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:code ; sh:pattern "^1$" ; sh:message "code must be 1" ] ;
    sh:property [ sh:path ex:part ; sh:class ex:Part ; sh:message "part must be a part" ] ;
    sh:property [ sh:path ex:label ; sh:languageIn ( "de" ) ; sh:message "label in German" ] ;
    sh:property [ sh:path ex:next ; sh:minCount 1 ; sh:class ex:Thing ;
                  sh:message "next must be a thing" ] .
ex:Inverse a sh:PropertyShape ; sh:targetClass ex:Part ;
    sh:path [ sh:inversePath ex:part ] ; sh:maxCount 1 ; sh:message "one owner" .
ex:ValueProperties a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:part ;
    sh:node [ sh:property [ sh:path ex:code ; sh:minCount 1 ] ] ;
    sh:message "a part needs a code" .
ex:Either a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:or ( [ sh:path ex:code ; sh:minCount 2 ] [ sh:path ex:missing ; sh:minCount 1 ] ) .
ex:Generic a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:missing ; sh:minCount 1 .
ex:Named a sh:NodeShape ; sh:targetNode ex:t1 ;
    sh:property [ sh:path ex:code ; sh:minCount 2 ] .
"""
# SPARQL that names $this beyond the subject of its triple patterns
SHAPES += """
ex:ByName a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ sh:message "t1 must have code 1" ; sh:select '''
        SELECT $this WHERE { $this <http://example.org/code> ?c .
            FILTER (STR($this) = "http://example.org/t1" || STR(?c) != "1") }''' ] .
"""


def test_shapes_that_read_beyond_the_focus_node_are_validated_over_the_whole_graph() -> None:
    shapes = flatten_shapes(Graph().parse(data=SHAPES, format="turtle"))
    plans, other = plan_shapes(shapes)
    ex = {str(s).removeprefix(EX) for s in other if isinstance(s, URIRef)}

    assert ex == {"Inverse", "ValueProperties"}
    assert len([s for s in other if not isinstance(s, URIRef)]) == 1  # ex:Named's property
    checked = {str(shapes.value(p.shape, SH.message)) for p in plans.values() if not p.empty}
    assert checked == {
        "code must be 1",
        "part must be a part",
        "label in German",
        "next must be a thing",
        "None",  # ex:Generic, ex:Either, ex:ByName
    }
    assert not plans[URIRef(EX + "Generic")].by_value
    assert not plans[URIRef(EX + "ByName")].by_value
    assert not plans[URIRef(EX + "Either")].by_value

    data = Graph()
    t = [URIRef(f"{EX}t{i}") for i in range(6)]
    for i, node in enumerate(t):
        data.add((node, RDF.type, URIRef(EX + "Thing")))
        data.add((node, URIRef(EX + "label"), Literal("x", lang="fr" if i % 2 else "en")))
        # A value node is a focus node too: t1 to t5 are in t0 to t4's chunks, with
        # only their types (so no ex:next).
        data.add((node, URIRef(EX + "next"), t[i + 1] if i < 5 else URIRef(EX + "p0")))
        # "1" passes the pattern, "01" (not normalised: the same integer) does not
        code = "1" if i % 2 else "01"
        value = Literal(code, datatype=XSD.integer, normalize=False)
        data.add((node, URIRef(EX + "code"), value))
        data.add((node, URIRef(EX + "part"), URIRef(f"{EX}p{i % 2}")))
    data.add((URIRef(EX + "p0"), RDF.type, URIRef(EX + "Part")))
    data.add((URIRef(EX + "p1"), RDF.type, URIRef(EX + "Other")))

    whole, grouped = both_ways(data, Graph().parse(data=SHAPES, format="turtle"), batch_size=2)

    assert grouped == whole
    messages = [str(r[3]) for r in whole]
    assert messages.count("code must be 1") == 3
    assert messages.count("part must be a part") == 3
    assert messages.count("one owner") == 1  # p0, the one ex:Part
    assert messages.count("label in German") == 6
    assert messages.count("next must be a thing") == 1  # t5
    assert messages.count("t1 must have code 1") == 4  # the three "01" and t1
    # the details of "a part needs a code", on the parts
    assert sum(m.startswith("Less than 1 values on <http://example.org/p") for m in messages) == 2
    # a generic message names the focus node: no grouping for ex:Generic
    assert sum(m.endswith("->ex:missing") for m in messages) == 6
    assert sum(m.startswith("Node <http://example.org/t") for m in messages) == 6  # ex:Either


def test_shapes_with_a_severity_are_not_rewritten() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    shapes.add((URIRef(EX + "Local"), SH.severity, SH.Warning))

    assert set(flatten_shapes(shapes)) == set(shapes)
    assert plan_shapes(shapes)[0] == {}
