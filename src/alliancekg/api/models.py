"""Response models: exactly what each route returns, so the OpenAPI schema is a contract.

Every object is closed (``additionalProperties: false``): a key a query adds
without a model here makes the route fail loudly in the tests, not drift. The
fields are the columns and maps of the question's Cypher form (``queries/``);
node property maps come from the ontology (:mod:`.nodes`). Routes answer with
``response_model_exclude_unset``, so a property a node does not have is left
out, as Cypher's ``n {.*}`` leaves it out, while a column that is null stays null.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .nodes import Closed, node_model

DATE = "YYYY, YYYY-MM, YYYY-MM-DD or relative to the source's publication (Y-1)"
DateCertainty = Literal["certain", "uncertain"]
Coverage = Literal["covered", "absent", "unknown"]


class Named(Closed):
    id: str
    name_ko: str | None
    name_en: str | None


class MembershipOut(Closed):
    alliance: str
    alliance_ko: str | None
    alliance_en: str | None
    membership: str
    role: str
    status: str
    joined: str | None = Field(description=DATE)
    left: str | None = Field(description=DATE)
    date_certainty: DateCertainty = Field(
        description="whether the membership's dates settle that it held at as_of (certain) "
        "or leave it open (uncertain); says nothing of how sure the membership itself is, "
        "see basis and sources"
    )
    basis: str | None
    sources: list[str]
    member: str | None = Field(
        None, description="with rollup=group: the firm of the group that holds the membership"
    )
    member_ko: str | None = None
    member_en: str | None = None


class MultiAllianceFirm(Named):
    kind: str | None
    alliance_count: int
    dates_certain: bool = Field(
        description="whether the memberships' dates settle that the firm is in at least "
        "min_alliances alliances at as_of"
    )
    memberships: list[MembershipOut]


class SharedMembership(Closed):
    alliance: str
    role: str
    status: str
    sources: list[str]


class SharedMember(Named):
    memberships: list[SharedMembership]


class Overlap(Closed):
    a: str
    a_ko: str | None
    a_en: str | None
    size_a: int
    b: str
    b_ko: str | None
    b_en: str | None
    size_b: int
    shared_count: int
    jaccard: float
    overlap_coefficient: float
    shared: list[SharedMember]


class MatrixCell(Closed):
    a: str
    a_ko: str | None
    a_en: str | None
    b: str
    b_ko: str | None
    b_en: str | None
    shared: int


class Matrix(Closed):
    alliances: list[Named]
    cells: list[MatrixCell]


class BridgedPair(Closed):
    a: str
    a_ko: str | None
    b: str
    b_ko: str | None


class BridgeFirm(Named):
    bridged_pairs: int
    pairs: list[BridgedPair]


class SharedSegment(Named):
    basis: list[str | None] = Field(description="the basis of each firm's assignment")


class CompetitorPair(Closed):
    a: str
    a_ko: str | None
    a_en: str | None
    b: str
    b_ko: str | None
    b_en: str | None
    segments: list[SharedSegment]
    alliances: list[Named]


class Coverer(Named):
    basis: str | None
    sources: list[str] | None


COVERAGE = (
    "covered: a member (or the alliance itself) is assigned to the segment; absent: every "
    "member is placed (has a segment assignment) and none covers it; unknown: nobody known "
    "covers it and some members are not placed (or no member is known)"
)


class SegmentGap(Closed):
    alliance: str
    alliance_ko: str | None
    alliance_en: str | None
    segment: str
    segment_ko: str | None
    segment_en: str | None
    segment_order: int | None
    coverage: Coverage = Field(description=COVERAGE)
    covered_by: list[Coverer] = Field(description="who covers it, on what basis, with sources")
    unplaced: list[Named] = Field(
        description="members without any segment assignment, when the segment is unknown"
    )
    members_placed: int = Field(description="members with at least one segment assignment")
    members_total: int = Field(description="active (or proposed) members")


class Proposal(Closed):
    alliance: str
    alliance_ko: str | None
    role: str
    status: str
    sources: list[str]


class FirmWithoutAlliance(Named):
    proposals: list[Proposal]


class SingleFirmSegment(Closed):
    segment: str
    segment_ko: str | None
    segment_en: str | None
    firm: Coverer
    other_firms: Literal["absent", "unknown"] = Field(
        description="absent: every firm in a launched alliance is placed, so no other covers "
        "the segment; unknown: some are not placed (unplaced) and may"
    )
    unplaced: list[Named]
    firms_placed: int = Field(description="firms in a launched alliance with a segment")
    firms_total: int = Field(description="firms with an active membership of a launched alliance")


class ChosenFirm(Named):
    in_alliance: bool
    adds: list[str]


class MegaSegment(Named):
    coverage: Coverage = Field(
        description="covered by a chosen firm; absent: no firm covers it and every company is "
        "placed; unknown: some companies are not placed (unplaced) and may cover it"
    )
    firm: str | None = Field(description="the chosen firm that covers it")
    basis: str | None
    sources: list[str] | None


class MegaAlliance(Closed):
    method: str
    firm_count: int
    firms: list[ChosenFirm]
    segments: list[MegaSegment]
    unplaced: list[Named]
    firms_placed: int = Field(description="companies with at least one segment assignment")
    firms_total: int = Field(description="companies in the graph")


class MemberAsOf(Named):
    membership: str
    role: str
    status: str
    joined: str | None = Field(description=DATE)
    left: str | None = Field(description=DATE)
    date_certainty: DateCertainty
    sources: list[str]


class SearchHit(Named):
    kind: str | None
    aliases: list[str] | None
    score: float


class SpeakerPost(Closed):
    title_ko: str | None
    title_en: str | None
    organization: str | None
    organization_ko: str | None
    organization_en: str | None


class SourceRef(Closed):
    id: str
    title_ko: str | None = None
    title_en: str | None = None
    url: str | None = None
    published: str | None = None


class QuoteOut(Closed):
    id: str
    text_ko: str | None
    translation_en: str | None
    direct: bool
    said_at_ko: str | None
    said_on: str | None
    speaker: Named
    speaker_post: SpeakerPost | None
    about: list[Named]
    evidence_ko: list[str] | None
    sources: list[SourceRef]


# --- one entity: its node map and what hangs on it ----------------------------------------


class OrgMembership(Closed):
    alliance: str
    alliance_ko: str | None
    alliance_en: str | None
    alliance_status: str | None
    membership: str
    role: str
    status: str
    joined: str | None = Field(description=DATE)
    left: str | None = Field(description=DATE)
    basis: str | None
    reason: str | None
    sources: list[str]
    evidence_ko: list[str] | None = Field(description="the sources' sentences that state it")


class OrgSegment(Closed):
    segment: str
    segment_ko: str | None
    segment_en: str | None
    basis: str | None
    reason: str | None
    sources: list[str]
    evidence_ko: list[str] | None = Field(description="the sources' sentences that state it")


class OrgPerson(Closed):
    person: str
    name_ko: str | None
    name_en: str | None
    title_ko: str | None
    title_en: str | None
    since: str | None = Field(description=DATE)
    until: str | None = Field(description=DATE)
    sources: list[str]
    evidence_ko: list[str] | None = Field(description="the sources' sentences that state it")


SpokenQuote = node_model(
    "Quote",
    speaker=(str | None, None),
    speaker_ko=(str | None, None),
    speaker_en=(str | None, None),
)


class Company(Closed):
    """One organisation: memberships, segments, people, quotes about it."""

    organization: node_model("Organization")  # type: ignore[valid-type]
    kind: str | None
    part_of: Named | None
    group: Named | None = Field(description="the top of the chain of organisations it is part of")
    units: list[Named] = Field(description="the organisations directly part of it")
    memberships: list[OrgMembership]
    segments: list[OrgSegment]
    people: list[OrgPerson]
    quotes: list[SpokenQuote]  # type: ignore[valid-type]


class AllianceMember(Named):
    membership: str
    role: str
    status: str
    joined: str | None = Field(description=DATE)
    joined_text_ko: str | None
    left: str | None = Field(description=DATE)
    basis: str | None
    reason: str | None
    sources: list[str]
    evidence_ko: list[str] | None


class Alliance(Closed):
    """One alliance: members, figures, events, quotes and proposers."""

    alliance: node_model("Alliance")  # type: ignore[valid-type]
    members: list[AllianceMember]
    figures: list[node_model("Figure")]  # type: ignore[valid-type]
    events: list[node_model("Event")]  # type: ignore[valid-type]
    quotes: list[SpokenQuote]  # type: ignore[valid-type]
    proposed_by: list[Named]


class PersonPost(Closed):
    post: str
    organization: str
    organization_ko: str | None
    organization_en: str | None
    title_ko: str | None
    title_en: str | None
    since: str | None = Field(description=DATE)
    until: str | None = Field(description=DATE)
    sources: list[str]
    evidence_ko: list[str] | None = Field(description="the sources' sentences that state it")


class Person(Closed):
    """One person: posts held and quotes, each with its sources."""

    person: node_model("Person")  # type: ignore[valid-type]
    posts: list[PersonPost]
    quotes: list[node_model("Quote", about=(list[Named] | None, None))]  # type: ignore[valid-type]


class Source(Closed):
    """A document or curation note the graph takes facts from."""

    id: str
    kind: str | None = Field(description="NewsArticle or CurationNote")
    title_ko: str | None
    title_en: str | None
    url: str | None
    published: str | None = Field(description=DATE)
    language: str | None
    publisher: Named | None


class GraphEdge(Closed):
    """One relationship of an entity's neighbourhood, with both ends named."""

    id: str | None = Field(
        description="the membership, post or segment assignment; null for PART_OF and PROPOSED_BY"
    )
    type: Literal["MEMBER_OF", "HOLDS_POST", "IN_SEGMENT", "PART_OF", "PROPOSED_BY"]
    source: str
    source_kind: str | None
    source_ko: str | None
    source_en: str | None
    target: str
    target_kind: str | None
    target_ko: str | None
    target_en: str | None
    role: str | None
    status: str | None


# --- reconciliation (W3C Entity Reconciliation Service API 0.2) ---------------------------


class ReconType(Closed):
    id: str
    name: str


class ReconView(Closed):
    url: str


class Manifest(Closed):
    versions: list[str]
    name: str
    identifierSpace: str
    schemaSpace: str
    defaultTypes: list[ReconType]
    view: ReconView
    batchSize: int


class ReconCandidate(Closed):
    id: str
    name: str
    score: float = Field(description="0 to 100: how surely the name means this entity")
    match: bool = Field(description="the one entity surely meant")
    type: list[ReconType]


class ReconAnswer(Closed):
    result: list[ReconCandidate]


# --- service ---------------------------------------------------------------------------


class Neo4jHealth(Closed):
    reachable: bool
    uri: str
    address: str | None = None
    version: str | None = None
    edition: str | None = None
    database: str | None = None
    cause: str | None = None


class EmbeddedHealth(Closed):
    seeds: list[str]
    triples: int
    nodes: int
    relationships: int
    startup_seconds: float


class Health(Closed):
    status: Literal["ok", "unavailable"]
    backend: str
    neo4j: Neo4jHealth | None = None
    embedded: EmbeddedHealth | None = None


class ErrorOut(Closed):
    error: str
    detail: str


class Problem(Closed):
    file: str | None
    line: int | None
    entry: str | None
    field: str | None
    message: str


class InvalidDataOut(ErrorOut):
    problems: list[Problem]


class ValidationProblem(Closed):
    loc: list[str | int]
    msg: str
    type: str
    input: Any = None
    ctx: dict[str, Any] | None = None


class ValidationErrorOut(Closed):
    """FastAPI's validation format: one problem per bad parameter."""

    detail: list[ValidationProblem]
