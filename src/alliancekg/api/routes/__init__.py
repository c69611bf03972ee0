"""The API's routes, one module per resource, gathered in one router."""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    alliances,
    charts,
    companies,
    explorer,
    guide,
    health,
    people,
    quotes,
    rdf,
    reconcile,
    search,
    segments,
    sources,
)

api_router = APIRouter()
for module in (
    health,
    companies,
    alliances,
    segments,
    people,
    quotes,
    search,
    sources,
    reconcile,
    rdf,
    charts,
    guide,
    explorer,
):
    api_router.include_router(module.router)
