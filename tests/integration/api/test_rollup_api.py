"""rollup=group: firms counted at their top parent, from Neo4j and the embedded store
alike, over HTTP (tests/fixtures/groups says which answer holds and why)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver

from alliancekg.config import Settings
from tests.paths import FIXTURES
from tests.support import api_on_seeds

pytestmark = pytest.mark.integration

PATHS = [FIXTURES / "groups"]


@pytest.fixture(scope="module", params=["neo4j", "embedded"])
def api(
    request: pytest.FixtureRequest, session_driver: Driver, neo4j_settings: Settings
) -> Iterator[httpx.Client]:
    with api_on_seeds(request.param, session_driver, neo4j_settings, PATHS) as client:
        yield client


def counts(rows: list[dict[str, object]]) -> dict[object, object]:
    assert isinstance(rows, list), rows
    return {r["id"]: r["alliance_count"] for r in rows}


def test_firm_by_firm_only_one_firm_is_in_two_alliances(api: httpx.Client) -> None:
    assert counts(api.get("/companies/multi-alliance").json()) == {"byeol-soft": 2}


def test_rolled_up_the_holding_counts_its_subsidiaries_alliances(api: httpx.Client) -> None:
    r = api.get("/companies/multi-alliance", params={"rollup": "group"})
    assert r.status_code == 200, r.text
    groups = r.json()
    assert counts(groups) == {"onul-holdings": 2, "byeol-soft": 2}
    [onul] = [g for g in groups if g["id"] == "onul-holdings"]
    assert onul["name_ko"] == "오늘홀딩스"
    held = sorted((m["alliance"], m["member"], m["role"]) for m in onul["memberships"])
    # onul-ai's parent is onul-telecom, whose parent is onul-holdings: the top
    assert held == [
        ("river-alliance", "onul-telecom", "member"),
        ("sky-alliance", "onul-ai", "member"),
        ("sky-alliance", "onul-cloud", "lead"),
    ]
    assert {m["member_ko"] for m in onul["memberships"]} == {"오늘텔레콤", "오늘AI", "오늘클라우드"}


def test_proposed_memberships_of_a_subsidiary_count_with_include_proposed(
    api: httpx.Client,
) -> None:
    params: dict[str, str | int] = {
        "rollup": "group",
        "include_proposed": "true",
        "min_alliances": 3,
    }
    assert counts(api.get("/companies/multi-alliance", params=params).json()) == {
        "onul-holdings": 3
    }


def test_an_unknown_rollup_is_422(api: httpx.Client) -> None:
    r = api.get("/companies/multi-alliance", params={"rollup": "parent"})
    assert r.status_code == 422
    assert "rollup" in r.text
