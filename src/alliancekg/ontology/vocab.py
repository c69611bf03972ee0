"""Namespaces. ``AKG`` lists every term of ontology/alliance.ttl, so a typo fails."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace
from rdflib.namespace import Namespace as _Namespace

from ..config import DEFAULT_BASE_IRI

ONTOLOGY_IRI = "https://w3id.org/alliancekg/ontology#"


class AKG(DefinedNamespace):
    _NS = _Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Alliance: URIRef
    Association: URIRef
    Basis: URIRef
    Company: URIRef
    CurationNote: URIRef
    Decision: URIRef
    Event: URIRef
    Figure: URIRef
    GovernmentBody: URIRef
    Judgement: URIRef
    Membership: URIRef
    NewsArticle: URIRef
    Organization: URIRef
    OrganizationalUnit: URIRef
    Person: URIRef
    Post: URIRef
    Publisher: URIRef
    Qualifier: URIRef
    Quote: URIRef
    ResearchInstitute: URIRef
    Role: URIRef
    Segment: URIRef
    SegmentAssignment: URIRef
    SegmentScheme: URIRef
    Source: URIRef
    Status: URIRef
    University: URIRef
    WebPage: URIRef
    # datatypes
    PartialDate: URIRef
    RelativeDate: URIRef
    # vocabulary values
    active: URIRef
    approximate: URIRef
    atLeast: URIRef
    coordinator: URIRef
    curatorJudgment: URIRef
    different: URIRef
    dissolved: URIRef
    ended: URIRef
    exact: URIRef
    founder: URIRef
    inferred: URIRef
    invitedMember: URIRef
    lead: URIRef
    member: URIRef
    proposed: URIRef
    proposedMember: URIRef
    same: URIRef
    stated: URIRef
    unsure: URIRef
    # properties
    asOfText: URIRef
    attributedTo: URIRef
    basis: URIRef
    canonical: URIRef
    compares: URIRef
    coveredBy: URIRef
    date: URIRef
    dateText: URIRef
    decision: URIRef
    description: URIRef
    direct: URIRef
    dissolvedOn: URIRef
    evidence: URIRef
    identifier: URIRef
    goal: URIRef
    joined: URIRef
    joinedText: URIRef
    judgedA: URIRef
    judgedB: URIRef
    judgedBy: URIRef
    judgedOn: URIRef
    launched: URIRef
    launchedText: URIRef
    left: URIRef
    leftText: URIRef
    measure: URIRef
    note: URIRef
    parentOrganization: URIRef
    proposedBy: URIRef
    published: URIRef
    qualifier: URIRef
    reason: URIRef
    region: URIRef
    saidAt: URIRef
    saidOn: URIRef
    segment: URIRef
    since: URIRef
    site: URIRef
    source: URIRef
    speaker: URIRef
    speakerPost: URIRef
    status: URIRef
    textFile: URIRef
    title: URIRef
    translation: URIRef
    unit: URIRef
    until: URIRef
    value: URIRef
    valueText: URIRef
    year: URIRef
    # annotation properties
    derived: URIRef
    fact: URIRef
    idPart: URIRef
    idPrefix: URIRef
    key: URIRef
    languages: URIRef
    multiValued: URIRef
    neo4jAsProperty: URIRef
    neo4jFrom: URIRef
    neo4jLabel: URIRef
    neo4jTo: URIRef
    neo4jType: URIRef
    seedDefault: URIRef
    seedKind: URIRef
    seedSection: URIRef
    vocabulary: URIRef


PREFIXES: dict[str, str] = {
    "akg": ONTOLOGY_IRI,
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SDO),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
}

__all__ = [
    "AKG",
    "DCTERMS",
    "DEFAULT_BASE_IRI",
    "FOAF",
    "ORG",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SKOS",
    "XSD",
]
