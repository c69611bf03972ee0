"""Hostile input is inert: Cypher injection, Lucene syntax, Unicode tricks, path
names, oversized requests.

Seed names and aliases holding such strings validate (they are just text),
load, and come back byte-identical (NFC) from Neo4j, /companies/{id} and
/search. Sent in every parameter of every route, they leave the graph's counts
and export unchanged, never cause a 5xx, and reach Neo4j only as parameter
values of the query files: the API runs no Cypher but queries/*.cypher.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from neo4j import Driver
from rdflib import Graph

from alliancekg.api import create_app
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load, wipe
from alliancekg.neo4j.statements import read_query
from alliancekg.questions.catalogue import named_query, query_names
from alliancekg.rdf.mapping import to_property_graph
from tests.faults.support import (
    RecordingDriver,
    expected_counts,
    export_from_neo4j,
    nonzero_counts,
    resolve_schema,
)
from tests.paths import SEEDS
from tests.support import assert_isomorphic, graph_from_neo4j, serve

HOSTILE = [
    "x'}) DETACH DELETE n //",
    'x"}) MATCH (m) DETACH DELETE m //',
    "x` {id: 'y'}) DETACH DELETE n //",
    "``",
    "`Company`",
    ":Company",
    "$id",
    "{id: $q}",
    "' OR 1=1 OR n.id = '",
    "x'; CALL dbms.killQueries([]) //",
    "MATCH (n) DETACH DELETE n",
    "CALL db.index.fulltext.drop('entity_names')",
    ":param q => 'x'",
    "/* x */ RETURN 1 //",
    "\\'",
    "\\u0027) DETACH DELETE n //",
    "Robert'); DROP TABLE Students;--",
    "../../../../etc/passwd",
    "file:///etc/passwd",
    "ontology/alliance.ttl",
    "%00%2e%2e",
    "${jndi:ldap://127.0.0.1/a}",
    "{{7*7}}",
    "<script>alert(1)</script>",
    "AND OR NOT",
    '*:* OR name_en:"x"~2 AND (a || b) && !c [a TO z] {a TO z} ^3 -x +y \\',
    "ＳＫＴ",  # fullwidth: NFC keeps it, NFKC would fold it to SKT
    "SK\u200bT",  # zero-width space
    "\u202eevil\u202c",  # right-to-left override
    "\u05e9\u05dc\u05d5\u05dd \u0627\u0644\u0633\u0644\u0627\u0645",  # Hebrew, Arabic
    "e\u0301\u0328 combining",  # decomposed: NFC composes what it can
    "\u212b ångström",  # the ANGSTROM SIGN becomes Å under NFC
    "\ufb01 ligature",
    "\U0001f469\u200d\U0001f4bb \U0001f1f0\U0001f1f7",  # ZWJ emoji, flag
    "\ufeffbom",
    "\u1100\u1161\u11a8 한",  # conjoining jamo: NFC makes 각
    "\U0010fffd private",
]

# The counterpart in every parameter: values that are not even valid text for some.
PARAM_ONLY = ["\x00", "a" * 201, "9" * 40, "-1", "1e9", "true'", "null", " ", ""]


@dataclass
class Hostile:
    seeds: Path
    graph: Graph
    counts: dict[str, int]
    names: dict[str, dict[str, Any]] = field(default_factory=dict)


def hostile_seed_file(path: Path) -> dict[str, dict[str, Any]]:
    """One curation file: a firm per hostile string, named and aliased with it, all
    members of an alliance named with the first one, memberships by alias."""
    orgs = []
    expected: dict[str, dict[str, Any]] = {}
    for i, s in enumerate(HOSTILE):
        ident = f"hostile-{i}"
        name = {"ko": f"적대{i} {s}", "en": f"Hostile{i} {s}"}
        orgs.append({"id": ident, "kind": "company", "name": name, "aliases": [s]})
        expected[ident] = {
            "name_ko": unicodedata.normalize("NFC", name["ko"]),
            "name_en": unicodedata.normalize("NFC", name["en"]),
            "aliases": [unicodedata.normalize("NFC", s)],
        }
    for i in range(120):  # many hits for one word: /search must cap them
        orgs.append({"id": f"capped-{i}", "kind": "company", "name": {"en": f"Capped {i}"}})
    doc = {
        "source": {
            "id": "hostile-curation",
            "kind": "curation",
            "title": {"en": HOSTILE[0], "ko": HOSTILE[1]},
            "language": "en",
        },
        "organizations": orgs,
        "alliances": [
            {
                "id": "hostile-alliance",
                "name": {"en": f"Alliance {HOSTILE[0]}", "ko": f"동맹 {HOSTILE[2]}"},
                "aliases": ["$alliance"],
                "status": "active",
                "goals": [{"en": s} for s in HOSTILE[:5]],
            }
        ],
        "memberships": [
            {
                "member": s,  # by its hostile alias
                "alliance": "$alliance",
                "role": "member",
                "status": "active",
                "basis": "curator_judgment",
                "reason": s,
            }
            for s in HOSTILE
        ],
    }
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return expected


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    seeds = tmp_path_factory.mktemp("hostile")
    for f in SEEDS.glob("*.yaml"):
        (seeds / f.name).write_bytes(f.read_bytes())
    (seeds / "texts").mkdir()
    for f in (SEEDS / "texts").iterdir():
        (seeds / "texts" / f.name).write_bytes(f.read_bytes())
    names = hostile_seed_file(seeds / "hostile.yaml")
    graph = validate_seeds([seeds]).graph  # hostile text is valid text
    return Hostile(seeds, graph, expected_counts(to_property_graph(graph)), names)


@pytest.fixture(scope="module")
def loaded(hostile: Hostile, fault_driver: Driver, neo4j_settings: Settings) -> Iterator[Hostile]:
    db = neo4j_settings.neo4j_database
    wipe(fault_driver, db)
    load(fault_driver, db, to_property_graph(hostile.graph))
    yield hostile
    wipe(fault_driver, db)


@pytest.fixture(scope="module")
def recorder(fault_driver: Driver) -> RecordingDriver:
    return RecordingDriver(fault_driver)


@pytest.fixture(scope="module")
def api(
    loaded: Hostile, neo4j_settings: Settings, recorder: RecordingDriver
) -> Iterator[httpx.Client]:
    backend = Neo4jBackend(
        neo4j_settings,
        driver=recorder,  # type: ignore[arg-type,unused-ignore]
        async_driver=recorder.async_driver(neo4j_settings),
    )
    app = create_app(neo4j_settings, backend)
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


# --------------------------------------------------------------------------- seeds


def test_hostile_names_round_trip_through_neo4j_byte_for_byte(
    loaded: Hostile, fault_driver: Driver, neo4j_settings: Settings, neo4j_env: dict[str, str]
) -> None:
    assert nonzero_counts(fault_driver, neo4j_settings) == loaded.counts
    assert_isomorphic(loaded.graph, graph_from_neo4j(fault_driver, neo4j_settings))
    assert_isomorphic(loaded.graph, export_from_neo4j(neo4j_env))
    records = fault_driver.execute_query(
        "MATCH (c:Company) WHERE c.id STARTS WITH 'hostile-' "
        "RETURN c.id AS id, c.name_ko AS name_ko, c.name_en AS name_en, c.aliases AS aliases",
        database_=neo4j_settings.neo4j_database,
    ).records
    got = {r["id"]: {k: r[k] for k in ("name_ko", "name_en", "aliases")} for r in records}
    assert got == loaded.names
    as_bytes = {i: json.dumps(n, ensure_ascii=False).encode("utf-8") for i, n in got.items()}
    assert as_bytes == {
        i: json.dumps(n, ensure_ascii=False).encode("utf-8") for i, n in loaded.names.items()
    }
    members = fault_driver.execute_query(
        "MATCH (c)-[m:MEMBER_OF]->(:Alliance {id: 'hostile-alliance'}) RETURN m.reason AS r",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert sorted(r["r"] for r in members) == sorted(
        unicodedata.normalize("NFC", s) for s in HOSTILE
    )


def test_hostile_names_come_back_from_the_api(api: httpx.Client, loaded: Hostile) -> None:
    for ident, names in loaded.names.items():
        r = api.get(f"/companies/{ident}")
        assert r.status_code == 200, r.text
        org = r.json()["organization"]
        assert {k: org[k] for k in names} == names
        assert r.json()["memberships"][0]["reason"] == names["aliases"][0]
        for text in (names["name_en"], names["name_ko"]):
            hits = api.get("/search", params={"q": text, "limit": 100})
            assert hits.status_code == 200, hits.text
            found = {h["id"]: h for h in hits.json()}
            assert ident in found, f"/search?q={text!r} does not find {ident}"
            assert found[ident]["name_en"] == names["name_en"]
            assert found[ident]["aliases"] == names["aliases"]
    alliance = api.get("/alliances/hostile-alliance").json()
    assert unicodedata.normalize("NFC", HOSTILE[0]) in json.dumps(alliance, ensure_ascii=False)


# --------------------------------------------------------------------------- parameters


def _valid(spec: dict[str, Any], p: dict[str, Any], path: str) -> str:
    schema = resolve_schema(spec, p.get("schema", {}))
    if "enum" in schema:
        return str(schema["enum"][0])
    if p["in"] == "path":
        return "hostile-alliance" if path.startswith("/alliances") else "hostile-0"
    return {"q": "Hostile0", "limit": "5", "min_alliances": "1", "as_of": "2025-01-01"}.get(
        p["name"], "hostile-0" if p["name"] in ("person", "about") else ""
    )


Request = tuple[str, str, dict[str, str], dict[bytes, bytes]]


def _requests(spec: dict[str, Any]) -> Iterator[Request]:
    """(label, url, query, headers) with one parameter hostile, the others valid."""
    for path, ops in spec["paths"].items():
        params = ops["get"].get("parameters", [])
        for target in params:
            for value in HOSTILE + PARAM_ONLY:
                url, query = path, {}
                headers: dict[bytes, bytes] = {}
                for p in params:
                    v = value if p is target else _valid(spec, p, path)
                    if p["in"] == "path":
                        url = url.replace("{" + p["name"] + "}", quote(v, safe="") or "%20")
                    elif p["in"] == "query" and (v or p is target):
                        query[p["name"]] = v
                    elif p["in"] == "header" and p is target:
                        if v != v.strip() or any(unicodedata.category(c) == "Cc" for c in v):
                            continue  # not a header value HTTP can carry
                        headers[p["name"].encode()] = v.encode("utf-8")
                yield f"{path} {target['in']} {target['name']}={value!r}", url, query, headers


def test_hostile_values_in_every_parameter_are_inert(
    api: httpx.Client,
    loaded: Hostile,
    recorder: RecordingDriver,
    fault_driver: Driver,
    neo4j_settings: Settings,
) -> None:
    spec = api.get("/openapi.json").json()
    recorder.calls.clear()
    statuses: dict[int, int] = {}
    bad = []
    for label, url, query, headers in _requests(spec):
        r = api.get(url, params=query, headers=headers)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        if r.status_code == 307:  # "/" in a path parameter: a redirect to the same server
            assert r.headers["location"].startswith(str(api.base_url)), label
        elif r.status_code not in (200, 404, 406, 422):
            bad.append(f"{label}: {r.status_code} {r.text[:200]}")
        elif r.status_code != 200 or r.headers["content-type"] == "application/json":
            body = r.json()  # errors are JSON
            if r.status_code == 404:
                assert body == {"detail": "Not Found"} or body["error"] == "not_found", label
    assert not bad, "\n".join(bad[:30])
    assert statuses.get(200), statuses  # some hostile values reached Neo4j as data
    # Nothing changed.
    assert nonzero_counts(fault_driver, neo4j_settings) == loaded.counts
    assert_isomorphic(loaded.graph, graph_from_neo4j(fault_driver, neo4j_settings))
    check_only_query_files_ran(recorder)


def allowed_cypher() -> set[str]:
    allowed = {named_query(n).cypher for n in query_names()}
    allowed |= {
        read_query(f"load/{f}.cypher")
        for f in (
            "existing_nodes",
            "existing_rels",
            "existing_node_hashes",
            "existing_rel_hashes",
            "entity",
        )
    }
    allowed.add(read_query("meta/version.cypher"))  # the graph's version, for the cache
    return allowed


def check_only_query_files_ran(recorder: RecordingDriver) -> None:
    assert recorder.calls, "the API never reached Neo4j"
    named = {named_query(n).cypher for n in query_names()}
    allowed = allowed_cypher()
    for text, params, timeout, mode in recorder.calls:
        if text.startswith("CALL dbms.components()"):  # /health, no parameters
            assert not params
        else:
            assert text in allowed, f"the API ran Cypher that is not a query file:\n{text}"
        for s in HOSTILE:
            if len(s) > 3:
                assert s not in text, f"{s!r} is in the Cypher text, not a parameter"
        assert mode == "r", f"not a read transaction:\n{text}"
        if text in named:
            assert timeout is not None and timeout > 0, f"no timeout:\n{text}"
    searches = [p["q"] for t, p, _, _ in recorder.calls if t == named_query("search").cypher]
    assert any("DETACH DELETE" in q for q in searches), "hostile text never reached a parameter"


# --------------------------------------------------------------------------- limits


def test_huge_limits_are_refused_and_limits_cap_the_answer(
    api: httpx.Client, loaded: Hostile
) -> None:
    assert len(api.get("/search", params={"q": "Capped"}).json()) == 20
    assert len(api.get("/search", params={"q": "Capped", "limit": 100}).json()) == 100
    for limit in ("101", "100000", str(2**63), "-1", "0", "1e3", "nan"):
        r = api.get("/search", params={"q": "Capped", "limit": limit})
        assert r.status_code == 422, (limit, r.text)
    r = api.get("/companies/multi-alliance", params={"min_alliances": str(10**12)})
    assert r.status_code == 422


def test_oversized_requests_are_refused_quickly(api: httpx.Client) -> None:
    for q in ("a" * 201, "가" * 201, "a" * 60_000):
        start = time.monotonic()
        r = api.get("/search", params={"q": q})
        assert r.status_code == 422 and time.monotonic() - start < 5
    host, port = str(api.base_url.host), api.base_url.port
    assert port is not None
    for request in (
        b"GET /search?q=" + b"a" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 1_000_000 + b"\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-Many: 1\r\n" * 100_000 + b"\r\n",
    ):
        start = time.monotonic()
        with socket.create_connection((host, port), timeout=10) as s:
            with contextlib.suppress(OSError):  # the server may close before reading it all
                s.sendall(request)
            try:
                answer = s.recv(200)
            except OSError:
                answer = b""
        assert time.monotonic() - start < 10
        assert not answer.startswith(b"HTTP/1.1 2"), answer
        assert not answer.startswith(b"HTTP/1.1 5"), answer
    assert api.get("/health").status_code == 200  # and the server still answers


def test_unknown_formats_are_rejected(api: httpx.Client) -> None:
    for fmt in ("tsv", "CSV", "TURTLE", "json", "../../etc/passwd", "turtle ", "n3", "pickle"):
        for path in ("/export", "/entities/hostile-0", "/ontology"):
            r = api.get(path, params={"format": fmt})
            assert r.status_code == 422, (path, fmt, r.text)
    for fmt in ("csv", "xlsx", "graphml", "gexf"):  # the whole graph only
        for path in ("/entities/hostile-0", "/ontology"):
            r = api.get(path, params={"format": fmt})
            assert r.status_code == 422, (path, fmt, r.text)
    for accept in ("text/html", "application/x-python-pickle", "image/*"):
        r = api.get("/export", headers={"Accept": accept})
        assert r.status_code == 406 and r.json()["error"] == "not_acceptable"


def test_no_parameter_names_a_file_or_a_label(api: httpx.Client) -> None:
    ontology = api.get("/ontology").content
    for ident in ("company", "organization", "alliance", "member_of", "source", "ontology"):
        # Labels and file stems are not ids: nothing found, never a file or a label scan.
        for path in (f"/entities/{ident}", f"/companies/{ident}", f"/alliances/{ident}"):
            r = api.get(path)
            assert r.status_code == 404, (path, r.text)
    for ident in ("Company", "..", "../pyproject.toml", "alliance.ttl/", "%2e%2e%2fseeds"):
        r = api.get("/entities/" + quote(ident, safe=""), follow_redirects=True)
        if r.url.path == "/":
            # the client resolves the dot segment: "/entities/.." is "/", the explorer
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        else:
            assert r.status_code in (404, 422), (ident, r.status_code)
        assert b"[project]" not in r.content and r.content != ontology
    spec = api.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        for p in ops["get"].get("parameters", []):
            schema = p["schema"]
            options = schema.get("anyOf", [schema])
            for option in options:
                if option.get("type") != "string" or p["name"] in ("q", "accept", "queries"):
                    continue  # free text, a media type, a JSON batch of free text
                if "enum" in option:
                    continue  # one of a few words (rollup=firm|group): closed
                # every other string is an id or a format: a closed pattern
                assert option.get("pattern", "").startswith("^"), (path, p["name"])
                assert option.get("pattern", "").endswith("$"), (path, p["name"])
