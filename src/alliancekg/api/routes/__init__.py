"""The API's routes, one module per resource, gathered in one list.

Each module's router declares :data:`~alliancekg.api.errors.ERROR_RESPONSES`, so
that its routes carry them when added to the app as they are."""

from __future__ import annotations

from starlette.routing import BaseRoute

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

ROUTES: list[BaseRoute] = [
    route
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
    )
    for route in module.router.routes
]
