"""Fuzzing the API from its own OpenAPI document with schemathesis.

Every GET operation gets a bounded number of generated requests, valid and
invalid, sent over HTTP to the real app on a real Neo4j holding the seeds.
No answer may be a 5xx, and every answer must match what the document
declares for its status: JSON bodies against their schemas, and the media
type (the RDF routes declare text/turtle, application/n-triples,
application/ld+json and application/rdf+xml; errors are JSON).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from alliancekg.api import create_app
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load, wipe
from alliancekg.rdf.mapping import to_property_graph
from tests.faults.support import example_values
from tests.paths import SEEDS
from tests.support import serve

EXAMPLES = 25  # per operation: bounded for CI
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]

# The operations, read from the app's own document (building the app connects to nothing).
_SPEC = create_app(Settings(NEO4J_URI="bolt://127.0.0.1:1")).openapi()
OPERATIONS = sorted(path for path, ops in _SPEC["paths"].items() if "get" in ops)


@pytest.fixture(scope="module")
def live_api(fault_driver: Driver, neo4j_settings: Settings) -> Iterator[tuple[FastAPI, str]]:
    db = neo4j_settings.neo4j_database
    wipe(fault_driver, db)
    load(fault_driver, db, to_property_graph(validate_seeds([SEEDS]).graph))
    app = create_app(neo4j_settings, Neo4jBackend(neo4j_settings))
    with serve(app) as url:
        yield app, url
    wipe(fault_driver, db)


@pytest.fixture(scope="module")
def api_schema(live_api: tuple[FastAPI, str]) -> Any:
    _, url = live_api
    return schemathesis.openapi.from_url(f"{url}/openapi.json")


# Values that generators seldom hit but users send: blank, only a space of
# another script, a NUL, a lone combining mark, a lone surrogate's neighbour.
EDGE_VALUES = [" ", "\u3000", "\t", "\x00", "\u0301", "\ufeff", "\U0010ffff", "a" * 200]


def edge_cases(operation: Any, path: str) -> list[Any]:
    """One case per string query parameter and edge value, the rest valid."""
    spec_params = _SPEC["paths"][path]["get"].get("parameters", [])
    path_values, base_query = example_values(_SPEC, path, _SPEC["paths"][path]["get"])
    cases = []
    for p in spec_params:
        options = p.get("schema", {}).get("anyOf", [p.get("schema", {})])
        if p["in"] != "query" or not any(o.get("type") == "string" for o in options):
            continue
        for value in EDGE_VALUES:
            cases.append(
                operation.Case(path_parameters=path_values, query={**base_query, p["name"]: value})
            )
    return cases


@pytest.mark.parametrize("path", OPERATIONS)
def test_api_conforms_to_its_openapi(
    path: str, api_schema: Any, live_api: tuple[FastAPI, str]
) -> None:
    _, url = live_api
    operation = api_schema[path]["GET"]
    for case in edge_cases(operation, path):
        case.call_and_validate(base_url=url, checks=CHECKS, timeout=60)
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Any) -> None:
        case.call_and_validate(base_url=url, checks=CHECKS, timeout=60)

    check()
