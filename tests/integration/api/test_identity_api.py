"""One firm, one node, from Neo4j and the embedded store alike, over HTTP: merged ids
redirect, the merged firm counts once, and a spreadsheet column of names reconciles
against the graph as OpenRefine does it (manifest, then batches of queries)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver

from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.read import counts
from alliancekg.rdf.mapping import to_property_graph
from tests.paths import FIXTURES
from tests.support import CLI, api_on_seeds, load_seeds

pytestmark = pytest.mark.integration

IDENTITY = FIXTURES / "identity"
PATHS = [IDENTITY / "two-sources", IDENTITY / "judged"]


@pytest.fixture(scope="module", params=["neo4j", "embedded"])
def api(
    request: pytest.FixtureRequest, session_driver: Driver, neo4j_settings: Settings
) -> Iterator[httpx.Client]:
    """The app over HTTP, on two sources whose firm a judgement makes one."""
    with api_on_seeds(request.param, session_driver, neo4j_settings, PATHS) as client:
        yield client


def test_the_merged_firm_counts_once_with_both_alliances(api: httpx.Client) -> None:
    firms = api.get("/companies/multi-alliance").json()
    [skt] = [f for f in firms if f["id"] == "sk-telecom"]
    assert {m["alliance"] for m in skt["memberships"]} == {"k-ai", "gtaa"}
    assert not [f for f in firms if f["id"] == "sk_telecom"]


@pytest.mark.parametrize(
    "path",
    ["/companies/sk_telecom", "/entities/sk_telecom?format=nt", "/persons/yoo-youngsang"],
)
def test_a_merged_id_redirects_to_the_entity_that_carries_it(api: httpx.Client, path: str) -> None:
    moved = api.get(path, follow_redirects=False)
    if path.startswith("/persons"):
        # the two records of the CEO are not judged one: no redirect, the person is there
        assert moved.status_code == 200
        return
    assert moved.status_code == 308
    target = moved.headers["location"]
    assert "sk-telecom" in target and "sk_telecom" not in target
    assert target.endswith("?format=nt") == path.endswith("?format=nt")
    assert api.get(path, follow_redirects=True).status_code == 200


def test_an_unknown_id_is_still_404(api: httpx.Client) -> None:
    r = api.get("/companies/no-such-firm", follow_redirects=False)
    assert r.status_code == 404
    assert r.json()["error"] == "not_found"


# --- reconciliation, as OpenRefine does it ------------------------------------------------


def names_and_ids() -> list[tuple[str, str, str]]:
    """(name, entity id, type) for every name and alias of an organisation or person."""
    pg = to_property_graph(validate_seeds(PATHS).graph)
    out: list[tuple[str, str, str]] = []
    for node in pg.nodes.values():
        if "Organization" not in node.labels and "Person" not in node.labels:
            continue
        kind = (
            "Person"
            if "Person" in node.labels
            else ("Alliance" if "Alliance" in node.labels else "Organization")
        )
        for name in [
            node.props.get("name_ko"),
            node.props.get("name_en"),
            *node.props.get("aliases", []),
        ]:
            if name:
                out.append((name, node.id, kind))
    counted: dict[str, set[str]] = {}
    for name, ident, _ in out:
        counted.setdefault(name, set()).add(ident)
    return sorted(x for x in out if len(counted[x[0]]) == 1)


def test_openrefine_reads_the_manifest_then_reconciles_a_batch_of_100(api: httpx.Client) -> None:
    manifest = api.get("/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert {t["id"] for t in manifest["defaultTypes"]} == {"Organization", "Alliance", "Person"}
    assert manifest["view"]["url"].endswith("/entities/{{id}}")

    known = names_and_ids()
    # The names as a spreadsheet holds them, legal forms and all, then names the graph
    # does not hold, to a batch of 100.
    column = [
        (f"{n} Co., Ltd." if t == "Organization" and n.isascii() else n, i, t) for n, i, t in known
    ]
    column += [(f"Unknown Firm {k}", "", "Organization") for k in range(100 - len(column))]
    column = column[:100]
    queries = {f"q{k}": {"query": name, "limit": 3} for k, (name, _, _) in enumerate(column)}
    r = api.post("/reconcile", data={"queries": json.dumps(queries, ensure_ascii=False)})
    assert r.status_code == 200, r.text
    answer = r.json()
    assert set(answer) == set(queries)
    for k, (name, ident, kind) in enumerate(column):
        results = answer[f"q{k}"]["result"]
        if not ident:
            assert not any(x["match"] for x in results), (name, results)
            continue
        assert results, name
        assert results[0]["id"] == ident, (name, results)
        assert results[0]["type"] == [{"id": kind, "name": kind}]
        assert 0 <= results[0]["score"] <= 100


def test_reconcile_constraints_narrow_the_candidates(api: httpx.Client) -> None:
    queries = {
        "in": {"query": "SK Telecom", "properties": [{"pid": "alliance", "v": "K-AI 얼라이언스"}]},
        "out": {
            "query": "SK Telecom",
            "properties": [{"pid": "alliance", "v": "Deutsche Telekom"}],
        },
        "person": {"query": "유영상", "type": "Person"},
        "kind": {"query": "SKT", "properties": [{"pid": "kind", "v": "university"}]},
    }
    answer = api.get(
        "/reconcile", params={"queries": json.dumps(queries, ensure_ascii=False)}
    ).json()
    assert answer["in"]["result"][0]["id"] == "sk-telecom"
    assert answer["out"]["result"] == []
    assert answer["person"]["result"][0]["type"][0]["id"] == "Person"
    assert answer["kind"]["result"] == []


@pytest.mark.parametrize(
    ("queries", "says"),
    [
        ("not json", "queries is not JSON"),
        (json.dumps({f"q{k}": {"query": "x"} for k in range(101)}), "at most 100 queries"),
        (json.dumps({"q0": {"query": "x" * 201}}), "bad query"),
        (json.dumps({"q0": {"query": "SKT", "limit": 1000}}), "bad query"),
    ],
)
def test_reconcile_refuses_oversized_or_malformed_batches(
    api: httpx.Client, queries: str, says: str
) -> None:
    r = api.post("/reconcile", data={"queries": queries})
    assert r.status_code == 422
    assert says in r.json()["detail"]


def test_reconcile_refuses_a_body_over_a_megabyte(api: httpx.Client) -> None:
    r = api.post("/reconcile", data={"queries": "x" * 1_100_000})
    assert r.status_code == 422
    assert "larger than" in r.json()["detail"]


# --- Neo4j holds one node ---------------------------------------------------------------


def test_neo4j_holds_one_node_for_the_merged_firm(driver: Driver, neo4j_settings: Settings) -> None:
    load_seeds(driver, neo4j_settings, *PATHS)
    records = driver.execute_query(
        "MATCH (n:Organization) WHERE n.id IN ['sk-telecom', 'sk_telecom'] "
        "RETURN n.id AS id, n.same_as AS same_as",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert [(r["id"], r["same_as"]) for r in records] == [("sk-telecom", ["sk_telecom"])]
    judgements = driver.execute_query(
        "MATCH (j:Judgement) RETURN j.decision AS decision, j.a AS a, j.b AS b ORDER BY a",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert [(r["decision"], r["a"], r["b"]) for r in judgements] == [
        ("different", "deutsche-telekom", "sk-telecom"),
        ("same", "sk_telecom", "sk-telecom"),
    ]


@pytest.mark.parametrize("case", ["contradiction", "unknown-entity", "bad-decision"])
def test_a_bad_judgement_loads_nothing(
    driver: Driver, neo4j_settings: Settings, neo4j_env: dict[str, str], case: str
) -> None:
    load_seeds(driver, neo4j_settings, *PATHS)
    before = counts(driver, neo4j_settings.neo4j_database)
    result = subprocess.run(
        [
            *CLI,
            "load",
            "--seeds",
            str(IDENTITY / "two-sources"),
            "--seeds",
            str(IDENTITY / "invalid" / case),
        ],
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "judgements.yaml" in result.stderr
    assert counts(driver, neo4j_settings.neo4j_database) == before


def test_the_cli_answers_from_neo4j_with_the_merged_firm(
    driver: Driver, neo4j_settings: Settings, neo4j_env: dict[str, str]
) -> None:
    load_seeds(driver, neo4j_settings, IDENTITY / "two-sources", IDENTITY / "judged")
    result = subprocess.run(
        [*CLI, "query", "multi_alliance_firms", "--json"],
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [firm] = json.loads(result.stdout)
    assert firm["id"] == "sk-telecom"
    assert {m["alliance"] for m in firm["memberships"]} == {"k-ai", "gtaa"}
