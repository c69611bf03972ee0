"""RDF export from the seeds: every format round-trips, conforms, keeps Korean exact."""

from __future__ import annotations

import unicodedata

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from alliancekg.config import DEFAULT_BASE_IRI
from alliancekg.exc import NotAcceptable, NotFound, UsageError
from alliancekg.ingest.validation import shacl_problems, validate_seeds
from alliancekg.ontology.model import model
from alliancekg.ontology.vocab import AKG, ORG
from alliancekg.rdf.entity import entity_graph
from alliancekg.rdf.formats import FORMATS, negotiate, parse, serialize_as
from alliancekg.rdf.terms import IriMaker
from tests.paths import ARTICLE

BASE = DEFAULT_BASE_IRI


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    """The article's seeds (without the member tables)."""
    return validate_seeds(ARTICLE).graph


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_parses_back_isomorphic(seed_graph: Graph, name: str) -> None:
    fmt = FORMATS[name]
    back = parse(serialize_as(seed_graph, fmt, BASE), fmt)
    assert len(back) == len(seed_graph)
    assert isomorphic(back, seed_graph)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_export_keeps_language_tags_dates_and_roles(seed_graph: Graph, name: str) -> None:
    fmt = FORMATS[name]
    back = parse(serialize_as(seed_graph, fmt, BASE), fmt)
    skt = URIRef(BASE + "sk-telecom")
    names = set(back.objects(skt, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    assert names == {Literal("SK텔레콤", lang="ko"), Literal("SK Telecom", lang="en")}
    joined = back.value(URIRef(BASE + "m.sk-telecom.k-ai-alliance.y-1"), AKG.joined)
    assert joined == Literal("Y-1", datatype=AKG.RelativeDate)
    kita = URIRef(BASE + "kita-korea-ai-market-2030")
    assert back.value(kita, AKG.year) == Literal("2030", datatype=XSD.gYear)
    assert back.value(URIRef(BASE + "m.cloocus.ax-alliance.y0-07"), ORG.role) == AKG.founder


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_export_conforms_to_the_shapes(seed_graph: Graph, name: str) -> None:
    fmt = FORMATS[name]
    back = parse(serialize_as(seed_graph, fmt, BASE), fmt)
    assert shacl_problems(back, model()) == []


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_korean_text_is_identical_byte_for_byte(seed_graph: Graph, name: str) -> None:
    fmt = FORMATS[name]
    back = parse(serialize_as(seed_graph, fmt, BASE), fmt)
    korean = sorted(
        str(o) for o in seed_graph.objects() if isinstance(o, Literal) and o.language == "ko"
    )
    assert korean and all(unicodedata.is_normalized("NFC", k) for k in korean)
    again = sorted(str(o) for o in back.objects() if isinstance(o, Literal) and o.language == "ko")
    assert [k.encode("utf-8") for k in again] == [k.encode("utf-8") for k in korean]


def test_jsonld_uses_the_published_context(seed_graph: Graph) -> None:
    import json

    doc = json.loads(serialize_as(seed_graph, FORMATS["jsonld"], BASE))
    assert doc["@context"]["akg"] == str(AKG)
    assert doc["@context"]["id"] == BASE


def test_entity_export_holds_its_facts_and_nothing_else(seed_graph: Graph) -> None:
    g = entity_graph(seed_graph, "sk-telecom", BASE)
    iri = IriMaker(BASE)
    subjects = {iri.id_of(s) for s in g.subjects() if isinstance(s, URIRef)}
    assert subjects == {
        "sk-telecom",
        "m.sk-telecom.k-ai-alliance.y-1",  # leads the K-AI Alliance
        "m.sk-telecom.korean-avengers",  # named for the proposed alliance
        "post-ryu-young-sang-skt",  # its CEO's post
        "seg.sk-telecom.cloud-infrastructure",
        "seg.sk-telecom.applications",
        "quote-ryu-young-sang-avengers",  # a quote about it
    }
    # every triple of each of those subjects, and no other subject
    for s in g.subjects(unique=True):
        assert set(g.triples((s, None, None))) == set(seed_graph.triples((s, None, None)))


def test_entity_export_of_a_source_is_not_everything_it_states(seed_graph: Graph) -> None:
    g = entity_graph(seed_graph, "etnews-ai-alliances", BASE)
    assert {s for s in g.subjects(unique=True)} == {URIRef(BASE + "etnews-ai-alliances")}
    assert (URIRef(BASE + "etnews-ai-alliances"), RDF.type, AKG.NewsArticle) in g


def test_unknown_entity_is_not_found(seed_graph: Graph) -> None:
    with pytest.raises(NotFound):
        entity_graph(seed_graph, "no-such-firm", BASE)


@pytest.mark.parametrize(
    ("accept", "override", "expected"),
    [
        (None, None, "turtle"),
        ("text/turtle", None, "turtle"),
        ("application/n-triples", None, "nt"),
        ("application/ld+json", None, "jsonld"),
        ("application/rdf+xml", None, "xml"),
        ("application/rdf+xml;q=0.5, application/ld+json", None, "jsonld"),
        ("text/html, */*;q=0.1", None, "turtle"),
        ("text/turtle", "nt", "nt"),
    ],
)
def test_content_negotiation(accept: str | None, override: str | None, expected: str) -> None:
    assert negotiate(accept, override).name == expected


def test_unsupported_media_type_and_format_are_refused() -> None:
    with pytest.raises(NotAcceptable):
        negotiate("text/html", None)
    with pytest.raises(UsageError):
        negotiate(None, "csv")
