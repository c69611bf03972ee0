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
Certainty = Literal["certain", "uncertain"]


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
    certainty: Certainty = Field(description="whether the membership held at as_of for sure")
    basis: str | None
    sources: list[str]


class MultiAllianceFirm(Named):
    kind: str | None
    alliance_count: int
    certain: bool = Field(
        description="whether the firm is certainly in at least min_alliances alliances at as_of"
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


class SegmentGap(Closed):
    alliance: str
    alliance_ko: str | None
    alliance_en: str | None
    segment: str
    segment_ko: str | None
    segment_en: str | None
    segment_order: int | None
    covered: bool
    covered_by: list[Coverer]


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


class ChosenFirm(Named):
    in_alliance: bool
    adds: list[str]


class MegaAlliance(Closed):
    method: str
    firm_count: int
    firms: list[ChosenFirm]
    uncovered: list[Named]


class MemberAsOf(Named):
    membership: str
    role: str
    status: str
    joined: str | None = Field(description=DATE)
    left: str | None = Field(description=DATE)
    certainty: Certainty
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


class OrgSegment(Closed):
    segment: str
    segment_ko: str | None
    segment_en: str | None
    basis: str | None
    reason: str | None
    sources: list[str]


class OrgPerson(Closed):
    person: str
    name_ko: str | None
    name_en: str | None
    title_ko: str | None
    title_en: str | None
    since: str | None = Field(description=DATE)
    until: str | None = Field(description=DATE)
    sources: list[str]


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


class Person(Closed):
    """One person: posts held and quotes, each with its sources."""

    person: node_model("Person")  # type: ignore[valid-type]
    posts: list[PersonPost]
    quotes: list[node_model("Quote", about=(list[Named] | None, None))]  # type: ignore[valid-type]


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
