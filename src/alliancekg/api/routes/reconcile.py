"""Reconciliation: the W3C Entity Reconciliation Service API, as OpenRefine calls it.

``GET /reconcile`` gives the service manifest; ``GET`` or ``POST /reconcile`` with
``queries`` (a JSON object of named queries, form-encoded) gives candidates for
each: the entities whose names or aliases match, scored 0–100 by the same name
comparison the duplicate detector uses (:mod:`alliancekg.identity.scoring`), with
``match`` true when one candidate is surely meant. Types: Organization, Alliance,
Person. Property constraints: ``kind`` (company, university ...) and ``alliance``
(an alliance id or name the entity is a member of).

Read-only, like every route, and bounded: at most :data:`MAX_QUERIES` queries a
batch, :data:`MAX_TEXT` characters a name, :data:`MAX_BODY` bytes a POST body and
:data:`MAX_URL_QUERIES` characters of ``queries`` in a URL.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...backends import Backend
from ...exc import UsageError
from ...identity.scoring import name_match
from ...ontology.names import normalize_name
from ..answers import AnswerRoute
from ..deps import BackendDep, SettingsDep
from ..errors import ERROR_RESPONSES
from ..models import Manifest, ReconAnswer

router = APIRouter(tags=["reconcile"], responses=ERROR_RESPONSES, route_class=AnswerRoute)

MAX_QUERIES = 100
MAX_TEXT = 200
MAX_BODY = 1_000_000
# In a URL: a few queries (a link someone can share); batches go in a POST body.
MAX_URL_QUERIES = 1000
MAX_LIMIT = 25
# Concurrent lookups of one batch.
PARALLEL = 8

TYPES = {
    "Organization": "Organization (a company, university, institute, association ...)",
    "Alliance": "Alliance",
    "Person": "Person",
}


def type_of(kind: str | None) -> str:
    if kind in ("Alliance", "Person"):
        return kind
    return "Organization"


class Constraint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pid: str = Field(max_length=50)
    v: str | int | float | bool | list[str] | None = None


class ReconQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")
    query: str = Field(min_length=1, max_length=MAX_TEXT)
    type: str | list[str] | None = None
    limit: int = Field(default=3, ge=1, le=MAX_LIMIT)
    properties: list[Constraint] = Field(default_factory=list, max_length=10)
    type_strict: str | None = None


def manifest(base: str, iri: str) -> dict[str, Any]:
    return {
        "versions": ["0.2"],
        "name": "Alliance knowledge graph",
        "identifierSpace": iri,
        "schemaSpace": "https://w3id.org/alliancekg/ontology#",
        "defaultTypes": [{"id": t, "name": n} for t, n in TYPES.items()],
        "view": {"url": f"{base}/entities/{{{{id}}}}"},
        "batchSize": MAX_QUERIES,
    }


def _values(v: Any) -> list[str]:
    if v is None:
        return []
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def _satisfies(candidate: dict[str, Any], constraint: Constraint) -> bool:
    wanted = {normalize_name(x) for x in _values(constraint.v)}
    if not wanted:
        return True
    if constraint.pid == "kind":
        return normalize_name(str(candidate.get("kind") or "")) in wanted
    if constraint.pid == "alliance":
        for a in candidate.get("alliances") or []:
            names = {a.get("id"), a.get("name_ko"), a.get("name_en")}
            if wanted & {normalize_name(n) for n in names if n}:
                return True
        return False
    raise UsageError(f"unknown property '{constraint.pid}'; use kind or alliance")


def _score(query: str, candidate: dict[str, Any]) -> tuple[float, str]:
    names = [n for n in (candidate.get("name_ko"), candidate.get("name_en")) if n]
    names += candidate.get("aliases") or []
    person = candidate.get("kind") == "Person"
    best, best_name = 0.0, names[0] if names else candidate["id"]
    for name in names:
        found = name_match(query, name, person)
        if found is not None and found.score > best:
            best, best_name = found.score, name
    # A full-text match with no closer likeness still says something.
    return (best if best > 0 else 0.3), best_name


async def reconcile_one(backend: Backend, q: ReconQuery) -> list[dict[str, Any]]:
    try:
        rows = await backend.arun("reconcile", {"q": q.query, "limit": MAX_LIMIT})
    except UsageError:
        return []  # nothing in the text to search for (only punctuation, stop words)
    types = set(_values(q.type))
    results: list[dict[str, Any]] = []
    for row in rows:
        kind = type_of(row.get("kind"))
        ok = all(_satisfies(row, c) for c in q.properties)
        if types and kind not in types and q.type_strict != "any":
            continue
        if not ok:
            continue
        value, name = _score(q.query, row)
        results.append(
            {
                "id": row["id"],
                "name": row.get("name_ko") or row.get("name_en") or name,
                "score": round(value * 100, 1),
                "match": False,
                "type": [{"id": kind, "name": kind}],
            }
        )
    results.sort(key=lambda r: (-r["score"], r["id"]))
    # Sure: a close name, and no other candidate near it.
    sure = bool(results) and results[0]["score"] >= 85
    if sure and (len(results) == 1 or results[1]["score"] < results[0]["score"] - 10):
        results[0]["match"] = True
    return results[: q.limit]


def _parse(raw: str) -> dict[str, ReconQuery]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise UsageError(f"queries is not JSON: {e.msg}") from None
    if not isinstance(data, dict):
        raise UsageError("queries must be a JSON object of named queries")
    if len(data) > MAX_QUERIES:
        raise UsageError(f"at most {MAX_QUERIES} queries a batch, not {len(data)}")
    try:
        return {str(k)[:50]: ReconQuery.model_validate(v) for k, v in data.items()}
    except ValidationError as e:
        first = e.errors()[0]
        raise UsageError(
            f"bad query: {'.'.join(str(x) for x in first['loc'])}: {first['msg']}"
        ) from None


async def _answer(backend: Backend, queries: dict[str, ReconQuery]) -> dict[str, Any]:
    gate = asyncio.Semaphore(PARALLEL)

    async def one(q: ReconQuery) -> list[dict[str, Any]]:
        async with gate:
            return await reconcile_one(backend, q)

    found = await asyncio.gather(*(one(q) for q in queries.values()))
    return {name: {"result": r} for name, r in zip(queries, found, strict=True)}


@router.get(
    "/reconcile",
    response_model=Manifest | dict[str, ReconAnswer],
    response_model_exclude_unset=True,
)
async def reconcile_get(
    request: Request,
    backend: BackendDep,
    settings: SettingsDep,
    queries: Annotated[
        str | None,
        Query(
            max_length=MAX_URL_QUERIES,
            description="JSON object of named queries (POST a larger batch)",
        ),
    ] = None,
) -> dict[str, Any]:
    """Without `queries`, the service manifest (what OpenRefine asks first); with it, the
    candidates of each query."""
    if queries is None:
        return manifest(str(request.base_url).rstrip("/"), settings.base_iri)
    return await _answer(backend, _parse(queries))


@router.post(
    "/reconcile",
    response_model=dict[str, ReconAnswer],
    response_model_exclude_unset=True,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"queries": {"type": "string", "maxLength": MAX_BODY}},
                        "required": ["queries"],
                    }
                }
            },
            "required": True,
        }
    },
)
async def reconcile_post(request: Request, backend: BackendDep) -> dict[str, Any]:
    """Candidates for a batch of queries, sent form-encoded as `queries=<JSON>` (as
    OpenRefine sends them). Reads only."""
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        raise UsageError(f"the request is larger than {MAX_BODY} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY:
            raise UsageError(f"the request is larger than {MAX_BODY} bytes")
    form = parse_qs(body.decode("utf-8", "replace"))
    raw = form["queries"][0] if form.get("queries") else None
    if raw is None:
        raise UsageError("give queries=<JSON object of named queries>")
    return await _answer(backend, _parse(raw))
