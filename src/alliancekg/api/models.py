"""Response models: what each route returns, as documented in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Named(Model):
    id: str
    name_ko: str | None = None
    name_en: str | None = None


class MembershipOut(Model):
    alliance: str
    alliance_ko: str | None = None
    alliance_en: str | None = None
    membership: str
    role: str
    status: str
    joined: str | None = Field(None, description="YYYY, YYYY-MM, YYYY-MM-DD or relative (Y-1)")
    left: str | None = None
    certainty: str | None = Field(None, description="certain or uncertain, for as_of answers")
    basis: str | None = None
    sources: list[str]


class MultiAllianceFirm(Named):
    kind: str | None = None
    alliance_count: int
    certain: bool = Field(
        description="whether the firm is certainly in at least min_alliances alliances at as_of"
    )
    memberships: list[MembershipOut]


class SharedMember(Named):
    memberships: list[dict[str, Any]]


class Overlap(Model):
    a: str
    a_ko: str | None = None
    a_en: str | None = None
    size_a: int
    b: str
    b_ko: str | None = None
    b_en: str | None = None
    size_b: int
    shared_count: int
    jaccard: float
    overlap_coefficient: float
    shared: list[SharedMember]


class MatrixCell(Model):
    a: str
    b: str
    shared: int
    a_ko: str | None = None
    a_en: str | None = None
    b_ko: str | None = None
    b_en: str | None = None


class Matrix(Model):
    alliances: list[Named]
    cells: list[MatrixCell]


class BridgeFirm(Named):
    bridged_pairs: int
    pairs: list[dict[str, Any]]


class CompetitorPair(Model):
    a: str
    a_ko: str | None = None
    a_en: str | None = None
    b: str
    b_ko: str | None = None
    b_en: str | None = None
    segments: list[dict[str, Any]]
    alliances: list[Named]


class SegmentGap(Model):
    alliance: str
    segment: str
    segment_ko: str | None = None
    segment_en: str | None = None
    segment_order: int | None = None
    covered: bool
    covered_by: list[dict[str, Any]]


class FirmWithoutAlliance(Named):
    proposals: list[dict[str, Any]]


class SingleFirmSegment(Model):
    segment: str
    segment_ko: str | None = None
    segment_en: str | None = None
    firm: dict[str, Any]


class MegaAlliance(Model):
    method: str
    firm_count: int
    firms: list[dict[str, Any]]
    uncovered: list[Named]


class MemberAsOf(Named):
    membership: str
    role: str
    status: str
    joined: str | None = None
    left: str | None = None
    certainty: str
    sources: list[str]


class SearchHit(Named):
    kind: str | None = None
    aliases: list[str] | None = None
    score: float


class QuoteOut(Model):
    id: str
    text_ko: str | None = None
    translation_en: str | None = None
    direct: bool
    said_at_ko: str | None = None
    said_on: str | None = None
    speaker: Named
    speaker_post: dict[str, Any] | None = None
    about: list[Named]
    evidence_ko: list[str] | None = None
    sources: list[dict[str, Any]]


class Entity(Model):
    """One entity with everything the graph holds about it."""


class Health(Model):
    status: str
    backend: str
    neo4j: dict[str, Any] | None = None
    embedded: dict[str, Any] | None = None


class ErrorOut(Model):
    error: str
    detail: str


class ValidationErrorOut(Model):
    """FastAPI's validation format: one problem per bad parameter."""

    detail: list[dict[str, Any]]
