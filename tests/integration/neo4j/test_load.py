"""Loading into a real Neo4j: round trip, idempotence, source-keyed reloads, all-or-nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, Transaction
from neo4j.exceptions import Neo4jError
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.ingest.synth import Scale, generate
from alliancekg.ingest.validation import Validated, validate_seeds
from alliancekg.neo4j.load import Summary, load
from alliancekg.neo4j.read import counts, read_property_graph
from alliancekg.ontology.names import split_scripts
from alliancekg.rdf.mapping import to_property_graph
from alliancekg.rdf.propertygraph import PropertyGraph
from tests.paths import ARTICLE, FIXTURES, SEEDS
from tests.support import (
    CLI,
    assert_isomorphic,
    blocked_write_locks,
    graph_from_neo4j,
    load_seeds,
    load_waiting_mid_write,
    memberships_held,
    new_membership_ids,
    running_write,
    wait_until,
)


def test_korean_text_survives_the_server_byte_for_byte(
    driver: Driver, neo4j_settings: Settings
) -> None:
    load_seeds(driver, neo4j_settings, SEEDS)
    records = driver.execute_query(
        "MATCH (c:Company {id: $id}) RETURN c.name_ko AS ko, c.name_en AS en",
        id="sk-telecom",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert records[0]["ko"].encode("utf-8") == "SK텔레콤".encode()
    assert records[0]["en"] == "SK Telecom"


def test_seeds_to_neo4j_to_rdf_is_isomorphic_to_seeds_to_rdf(
    driver: Driver, neo4j_settings: Settings
) -> None:
    expected = validate_seeds([SEEDS]).graph
    load_seeds(driver, neo4j_settings, SEEDS)
    assert_isomorphic(expected, graph_from_neo4j(driver, neo4j_settings))


def test_membership_reads_naturally_in_browser(driver: Driver, neo4j_settings: Settings) -> None:
    load_seeds(driver, neo4j_settings, *ARTICLE)
    records = driver.execute_query(
        "MATCH (c:Company)-[m:MEMBER_OF {role: 'lead'}]->(a:Alliance) "
        "RETURN c.name_ko AS firm, a.name_ko AS alliance, m.joined AS joined, m.sources AS src "
        "ORDER BY firm",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert [(r["firm"], r["alliance"], r["joined"]) for r in records] == [
        ("SK텔레콤", "K-AI 얼라이언스", "Y-1"),
        ("코오롱베니트", "AI 얼라이언스", "Y0-06"),
    ]
    assert all(r["src"] == ["etnews-ai-alliances"] for r in records)


def test_loading_twice_changes_nothing(driver: Driver, neo4j_settings: Settings) -> None:
    load_seeds(driver, neo4j_settings, SEEDS)
    first_counts = counts(driver, neo4j_settings.neo4j_database)
    first = read_property_graph(driver, neo4j_settings.neo4j_database)
    summary = load(
        driver, neo4j_settings.neo4j_database, to_property_graph(validate_seeds([SEEDS]).graph)
    )
    assert not summary.changed
    assert counts(driver, neo4j_settings.neo4j_database) == first_counts
    again = read_property_graph(driver, neo4j_settings.neo4j_database)
    assert {k: n.props for k, n in again.nodes.items()} == {
        k: n.props for k, n in first.nodes.items()
    }
    assert {k: r.props for k, r in again.rels.items()} == {
        k: r.props for k, r in first.rels.items()
    }


def test_a_reload_keeps_the_name_index_it_finds(driver: Driver, neo4j_settings: Settings) -> None:
    """An index that matches its statement stays: dropping and rebuilding it on every load
    would make each reload wait for an index build, and for any open write transaction."""

    def index_id() -> int:
        records = driver.execute_query(
            "SHOW FULLTEXT INDEXES YIELD id, name WHERE name = 'entity_names' RETURN id",
            database_=neo4j_settings.neo4j_database,
        ).records
        return int(records[0]["id"])

    load_seeds(driver, neo4j_settings, SEEDS)
    before = index_id()
    load_seeds(driver, neo4j_settings, SEEDS)
    assert index_id() == before


def test_rejoined_membership_stays_two_memberships(
    driver: Driver, neo4j_settings: Settings
) -> None:
    load_seeds(driver, neo4j_settings, FIXTURES / "rejoin")
    records = driver.execute_query(
        "MATCH (:Company {id: 'acme'})-[m:MEMBER_OF]->(:Alliance {id: 'open-ai-club'}) "
        "RETURN m.joined AS joined, m.left AS left ORDER BY joined",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert [(r["joined"], r["left"]) for r in records] == [("2021", "2022-03"), ("2023-06", None)]


def test_reload_after_editing_one_source_changes_only_that_source(
    driver: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    load_seeds(driver, neo4j_settings, seeds)
    before = graph_from_neo4j(driver, neo4j_settings)
    curated = seeds / "curation-segments.yaml"
    text = curated.read_text(encoding="utf-8")
    # drop one assignment and reword another reason
    text = text.replace(
        "  - {organization: 와이즈넛, segment: applications, basis: curator_judgment,\n"
        '     reason: "Search and chatbot software vendor."}\n',
        "",
    )
    text = text.replace("Cloud service provider.", "Cloud provider.")
    curated.write_text(text, encoding="utf-8")
    load_seeds(driver, neo4j_settings, seeds)
    after = graph_from_neo4j(driver, neo4j_settings)
    _, removed, added = graph_diff(to_isomorphic(before), to_isomorphic(after))
    expected_removed = validate_seeds([SEEDS]).graph - validate_seeds([seeds]).graph
    expected_added = validate_seeds([seeds]).graph - validate_seeds([SEEDS]).graph
    assert_isomorphic(expected_removed, removed)
    assert_isomorphic(expected_added, added)
    touched = {s for s, _, _ in removed} | {s for s, _, _ in added}
    assert touched and all("seg." in str(s) for s in touched)


def test_a_seed_set_with_one_invalid_file_loads_nothing(
    driver: Driver, neo4j_settings: Settings, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    load_seeds(driver, neo4j_settings, SEEDS)
    before = counts(driver, neo4j_settings.neo4j_database)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "broken.yaml").write_text(
        "source: {id: broken, kind: curation, title: {en: Broken}}\n"
        "memberships:\n  - {member: 삼성전자, alliance: K-AI 얼라이언스, status: active}\n",
        encoding="utf-8",
    )
    (seeds / "curation-segments.yaml").unlink()  # a change that must not be applied
    result = subprocess.run(
        [*CLI, "load", "--seeds", str(seeds)],
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "broken.yaml" in result.stderr and "role" in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(driver, neo4j_settings.neo4j_database) == before


def test_a_load_killed_mid_write_leaves_the_old_graph_and_a_rerun_completes(
    driver: Driver, neo4j_settings: Settings, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    load_seeds(driver, neo4j_settings, SEEDS)
    old = graph_from_neo4j(driver, neo4j_settings)
    big = tmp_path / "big"
    generate(Scale(companies=1500, alliances=30, memberships=8000), big)
    shutil.copytree(SEEDS, big, dirs_exist_ok=True)
    held = new_membership_ids(old, validate_seeds([big]).graph)
    with load_waiting_mid_write(driver, db, neo4j_env, big, held) as proc:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # The server rolls the transaction back when its connection drops.
    deadline = time.monotonic() + 30
    while running_write(driver, db) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert_isomorphic(old, graph_from_neo4j(driver, neo4j_settings))
    rerun = subprocess.run(
        [*CLI, "load", "--seeds", str(big)],
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert_isomorphic(validate_seeds([big]).graph, graph_from_neo4j(driver, neo4j_settings))


def load_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "load", *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("sessions", ["1", "3"])
def test_a_load_in_several_transactions_gives_the_same_graph(
    driver: Driver,
    neo4j_settings: Settings,
    neo4j_env: dict[str, str],
    tmp_path: Path,
    sessions: str,
) -> None:
    synthetic = tmp_path / "synthetic"
    generate(Scale(companies=300, alliances=6, memberships=2500), synthetic)
    edited = tmp_path / "edited"
    shutil.copytree(SEEDS, edited)
    curated = edited / "curation-segments.yaml"
    curated.write_text(
        curated.read_text(encoding="utf-8").replace("Cloud service provider.", "Cloud provider."),
        encoding="utf-8",
    )
    # the second replaces the first (deletes, then creates); the third changes some
    # relationships' properties (updates)
    for seeds in (synthetic, SEEDS, edited):
        result = load_cli(
            neo4j_env, "--commit-every", "1000", "--sessions", sessions, "--seeds", str(seeds)
        )
        assert result.returncode == 0, result.stderr
        assert "changed" in result.stdout
        assert_isomorphic(validate_seeds([seeds]).graph, graph_from_neo4j(driver, neo4j_settings))
    # the version the load kept is the database's once all its transactions committed
    again = load_cli(
        neo4j_env, "--commit-every", "1000", "--sessions", sessions, "--seeds", str(edited)
    )
    assert again.returncode == 0
    assert "nothing written since: not read again" in again.stdout, again.stdout


@pytest.fixture(scope="module")
def memberships_6000(tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """Generated seeds of 6,000 memberships (600 firms, 8 alliances), read and checked
    once for the tests of loads written by several sessions."""
    synthetic = tmp_path_factory.mktemp("synthetic")
    generate(Scale(companies=600, alliances=8, memberships=6000), synthetic)
    return validate_seeds([synthetic])


def test_a_transaction_that_waits_does_not_stop_the_other_sessions(
    driver: Driver, neo4j_settings: Settings, memberships_6000: Validated
) -> None:
    """With several sessions, while one of the load's transactions waits for a lock
    (here, on a membership id another transaction holds), the others go on committing;
    no transaction holds more rows than --commit-every."""
    wanted = memberships_6000.property_graph
    db = neo4j_settings.neo4j_database
    memberships = [r.id for r in wanted.rels.values() if r.type == "MEMBER_OF"]
    first = memberships[0]
    assert first is not None and len(memberships) > 3000
    rows: list[int] = []

    class Watch:
        def start(self, total: int) -> None:
            pass

        def advance(self, n: int) -> None:
            rows.append(n)

    done: list[Summary] = []
    writer = threading.Thread(
        target=lambda: done.append(
            load(driver, db, wanted, progress=Watch(), commit_every=1000, sessions=2)
        )
    )
    try:
        with memberships_held(driver, db, [first]):
            writer.start()
            wait_until(lambda: blocked_write_locks(driver, db), 120, "a transaction waits")
            # the nodes, then two other transactions of 1,000 memberships commit meanwhile
            nodes = len(wanted.nodes)
            wait_until(lambda: sum(rows) >= nodes + 2000, 120, "the other sessions go on")
            assert blocked_write_locks(driver, db) and not done
    finally:  # the held id is released: the load completes
        writer.join(timeout=120)
    assert done and done[0].created["MEMBER_OF"] == len(memberships)
    assert max(rows) <= 1000
    assert_isomorphic(memberships_6000.graph, graph_from_neo4j(driver, neo4j_settings))


def test_a_transaction_chosen_to_end_a_deadlock_is_written_again(
    driver: Driver, neo4j_settings: Settings, memberships_6000: Validated
) -> None:
    """A real deadlock between the load's first membership transaction and another
    client, which the server ends by failing the load's transaction: the load writes
    it again once the other client is done, and the graph is whole.

    Each membership row takes its unique id. The other client has taken the id of the
    transaction's second row (and many others), so the load waits there, holding the
    first row's id. The client then asks for that id: a cycle, which the server breaks
    by failing the transaction that holds fewer locks, the load's."""
    seeds = memberships_6000.property_graph
    # the nodes and the memberships only: one phase, memberships in the files' order
    wanted = PropertyGraph(nodes=dict(seeds.nodes))
    for rel in seeds.rels.values():
        if rel.type == "MEMBER_OF":
            wanted.add_rel(rel)
    rows = list(wanted.rels.values())
    db = neo4j_settings.neo4j_database
    failed: list[BaseException] = []
    client_failed: list[BaseException] = []

    def write() -> None:
        try:
            load(driver, db, wanted, commit_every=1000, sessions=2)
        except Exception as e:
            failed.append(e)

    take = "CREATE ()-[:MEMBER_OF {id: $id}]->()"  # between nodes no load owns

    def ask(client: Transaction) -> None:
        try:
            client.run(take, id=rows[0].id).consume()
        except Exception as e:
            client_failed.append(e)

    writer = threading.Thread(target=write)
    with driver.session(database=db) as other:
        client = other.begin_transaction()
        asks = threading.Thread(target=ask, args=(client,))
        try:
            client.run(
                "UNWIND range(1, 2000) AS i CREATE ()-[:MEMBER_OF {id: 'held-' + i}]->()"
            ).consume()
            client.run(take, id=rows[1].id).consume()
            writer.start()
            wait_until(lambda: blocked_write_locks(driver, db), 120, "the load waits")
            asks.start()
            asks.join(timeout=60)  # the load's transaction failed: the client has the id
            assert not asks.is_alive() and not client_failed, client_failed
            # written again, the load's transaction now waits for the client
            wait_until(lambda: blocked_write_locks(driver, db), 60, "the load waits again")
        finally:
            if asks.is_alive():
                asks.join(timeout=60)
            client.rollback()
            writer.join(timeout=120)
    assert not writer.is_alive() and not failed, failed
    found = read_property_graph(driver, db)
    assert sorted(r.id or "" for r in found.rels.values()) == sorted(r.id or "" for r in rows)


def test_a_transaction_that_fails_stops_a_load_in_several_sessions(
    driver: Driver, neo4j_settings: Settings, memberships_6000: Validated
) -> None:
    """One of the load's transactions ended by the server (an operator's TERMINATE):
    the load stops with the server's error instead of going on or hanging, and what the
    other transactions committed stays (loading again completes it)."""
    wanted = memberships_6000.property_graph
    db = neo4j_settings.neo4j_database
    memberships = [r.id for r in wanted.rels.values() if r.type == "MEMBER_OF"]
    first = memberships[0]
    assert first is not None
    failed: list[BaseException] = []

    def write() -> None:
        try:
            load(driver, db, wanted, commit_every=1000, sessions=2)
        except Exception as e:  # what the caller gets
            failed.append(e)

    writer = threading.Thread(target=write)
    try:
        with memberships_held(driver, db, [first]):
            writer.start()
            wait_until(lambda: blocked_write_locks(driver, db), 120, "a transaction waits")
            waiting = driver.execute_query(
                "SHOW TRANSACTIONS YIELD transactionId, currentQuery, status "
                "WHERE currentQuery STARTS WITH 'UNWIND $rows' AND status STARTS WITH 'Blocked' "
                "RETURN collect(transactionId) AS ids",
                database_=db,
            ).records[0]["ids"]
            driver.execute_query("TERMINATE TRANSACTIONS $ids", ids=waiting, database_=db)
            writer.join(timeout=60)
            assert not writer.is_alive()
    finally:
        writer.join(timeout=120)
    assert len(failed) == 1 and isinstance(failed[0], Neo4jError), failed
    written = counts(driver, db).get("MEMBER_OF", 0)
    assert 0 < written < len(memberships)
    summary = load(driver, db, wanted, commit_every=1000, sessions=2)
    assert summary.created["MEMBER_OF"] == len(memberships) - written
    assert_isomorphic(memberships_6000.graph, graph_from_neo4j(driver, neo4j_settings))


def test_commit_every_below_a_thousand_is_refused(neo4j_env: dict[str, str]) -> None:
    result = load_cli(neo4j_env, "--commit-every", "10", "--seeds", str(SEEDS))
    assert result.returncode == 2
    assert "commit-every" in result.stderr


def test_sessions_without_commit_every_is_refused(neo4j_env: dict[str, str]) -> None:
    result = load_cli(neo4j_env, "--sessions", "2", "--seeds", str(SEEDS))
    assert result.returncode == 2
    assert "--sessions" in result.stderr and "--commit-every" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["load", "doctor"])
def test_neo4j_down_is_one_line_and_exit_3(command: str, tmp_path: Path) -> None:
    env = dict(os.environ, NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x")
    result = subprocess.run([*CLI, command], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "bolt://127.0.0.1:1" in lines[0] and "refused" in lines[0]


def test_wrong_password_is_one_line_and_exit_3(neo4j_env: dict[str, str]) -> None:
    env = dict(neo4j_env, NEO4J_PASSWORD="definitely-wrong")
    result = subprocess.run([*CLI, "load"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert neo4j_env["NEO4J_URI"] in lines[0] and "authentication failed" in lines[0]


def test_unknown_database_is_one_line_and_exit_3(neo4j_env: dict[str, str]) -> None:
    env = dict(neo4j_env, NEO4J_DATABASE="nosuchdb")
    result = subprocess.run([*CLI, "doctor"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert "database" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_export_from_neo4j_matches_export_from_seeds(
    driver: Driver, neo4j_settings: Settings, neo4j_env: dict[str, str]
) -> None:
    load_seeds(driver, neo4j_settings, SEEDS)
    from_neo4j = subprocess.run(
        [*CLI, "export", "--from", "neo4j", "--format", "turtle"],
        env=neo4j_env,
        capture_output=True,
        timeout=120,
    )
    assert from_neo4j.returncode == 0, from_neo4j.stderr
    b = Graph().parse(data=from_neo4j.stdout.decode("utf-8"), format="turtle")
    assert_isomorphic(validate_seeds([SEEDS]).graph, b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SK텔레콤", "sk-telecom"),
        ("텔레콤", "sk-telecom"),
        ("SKT", "sk-telecom"),
        ("SK Telecom", "sk-telecom"),
        ("코오롱", "kolon-benit"),
        ("베니트", "kolon-benit"),
        ("Kolon", "kolon-benit"),
        ("무역협회", "kita"),
        ("유영상", "ryu-young-sang"),
    ],
)
def test_full_text_index_finds_korean_and_english_names_and_aliases(
    driver: Driver, neo4j_settings: Settings, text: str, expected: str
) -> None:
    load_seeds(driver, neo4j_settings, *ARTICLE)
    records = driver.execute_query(
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node "
        "RETURN node.id AS id LIMIT 3",
        q=split_scripts(text),
        database_=neo4j_settings.neo4j_database,
    ).records
    assert records and records[0]["id"] == expected


def test_search_aid_is_not_data(driver: Driver, neo4j_settings: Settings) -> None:
    load_seeds(driver, neo4j_settings, SEEDS)
    records = driver.execute_query(
        "MATCH (c {id: 'sk-telecom'}) RETURN c._search AS s",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert records[0]["s"] == "SK Telecom SKT SK 텔레콤"
    assert "_search" not in graph_from_neo4j(driver, neo4j_settings).serialize(format="nt")


def test_reload_after_an_entity_changes_kind_keeps_its_relationships(
    driver: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in ARTICLE:  # the article's files, without the member tables
        shutil.copy(f, seeds)
    shutil.copytree(SEEDS / "texts", seeds / "texts")
    load_seeds(driver, neo4j_settings, seeds)
    article = seeds / "etnews-ai-alliances.yaml"
    text = article.read_text(encoding="utf-8")
    before = "  - id: moloco\n    kind: company\n"
    assert before in text
    article.write_text(
        text.replace(before, "  - id: moloco\n    kind: research_institute\n"), encoding="utf-8"
    )
    load_seeds(driver, neo4j_settings, seeds)
    assert_isomorphic(validate_seeds([seeds]).graph, graph_from_neo4j(driver, neo4j_settings))
    records = driver.execute_query(
        "MATCH (m {id: 'moloco'})-[r]->(x) RETURN labels(m) AS labels, type(r) AS type, "
        "x.id AS target ORDER BY type, target",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert set(records[0]["labels"]) == {"ResearchInstitute", "Organization"}
    assert [(r["type"], r["target"]) for r in records] == [
        ("IN_SEGMENT", "applications"),
        ("MEMBER_OF", "k-ai-alliance"),
    ]


def end_first_founding_membership(seeds: Path) -> None:
    """In a copy of the minimal fixture: alpha-soft's founding membership has ended."""
    seed = next(seeds.glob("*.yaml"))
    text = seed.read_text(encoding="utf-8")
    ended = text.replace(
        "    role: founder\n    status: active\n", "    role: founder\n    status: ended\n", 1
    )
    assert ended != text
    seed.write_text(ended, encoding="utf-8")


def test_each_organisation_keeps_its_count_of_alliances_now(
    driver: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    load_seeds(driver, neo4j_settings, SEEDS)
    records = driver.execute_query(
        "MATCH (f:Organization) WHERE NOT f:Alliance "
        "RETURN f.id AS id, f._alliance_count AS kept, "
        "f._alliance_count_active AS kept_active, "
        "COUNT { MATCH (f)-[m:MEMBER_OF]->(a:Alliance) "
        "        WHERE m.status IN ['active', 'proposed'] RETURN DISTINCT a } AS now, "
        "COUNT { MATCH (f)-[m:MEMBER_OF]->(a:Alliance) "
        "        WHERE m.status = 'active' AND a.status <> 'proposed' "
        "        RETURN DISTINCT a } AS now_active",
        database_=db,
    ).records
    assert records and all(r["kept"] == r["now"] for r in records)
    assert all(r["kept_active"] == r["now_active"] for r in records)
    assert max(r["kept"] for r in records) >= 9  # SK텔레콤
    # the proposals make a difference somewhere
    assert any(r["kept_active"] < r["kept"] for r in records)
    exported = graph_from_neo4j(driver, neo4j_settings).serialize(format="nt")
    assert "_alliance_count" not in exported
    # A graph loaded without the counts without proposals, or without any (by earlier
    # versions), answers the same.
    backend = Neo4jBackend(neo4j_settings)
    try:
        pages: list[dict[str, Any]] = [
            {"limit": 5},
            {"limit": 5, "offset": 5},
            {"limit": 3, "include_proposed": True},
            {"limit": 3, "offset": 2, "include_proposed": True, "min_alliances": 3},
            {},
            {"include_proposed": True},
        ]
        with_counts = [backend.run("multi_alliance_firms", p) for p in pages]
        for key in ("_alliance_count_active", "_alliance_count"):
            driver.execute_query(f"MATCH (f:Organization) REMOVE f.{key}", database_=db)
            assert [backend.run("multi_alliance_firms", p) for p in pages] == with_counts, key
        assert len(with_counts[4]) >= 10
    finally:
        backend.close()

    # A membership that ends lowers the count in the load that writes it.
    seeds = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "valid" / "minimal", seeds)
    load_seeds(driver, neo4j_settings, seeds)

    def kept(ident: str) -> int:
        return int(
            driver.execute_query(
                "MATCH (f {id: $id}) RETURN f._alliance_count AS n", id=ident, database_=db
            ).records[0]["n"]
        )

    assert kept("alpha-soft") == 1
    end_first_founding_membership(seeds)
    load_seeds(driver, neo4j_settings, seeds)
    assert kept("alpha-soft") == 0


def test_each_alliance_keeps_the_ids_of_its_members_now(
    driver: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    load_seeds(driver, neo4j_settings, SEEDS)
    records = driver.execute_query(
        "MATCH (a:Alliance) "
        "RETURN a.id AS id, a._members AS kept, "
        "COLLECT { MATCH (f:Organization)-[m:MEMBER_OF]->(a) "
        "          WHERE m.status IN ['active', 'proposed'] "
        "          WITH DISTINCT f.id AS member ORDER BY member RETURN member } AS now",
        database_=db,
    ).records
    assert records and all(r["kept"] == (r["now"] or None) for r in records)
    assert max(len(r["now"]) for r in records) >= 10
    exported = graph_from_neo4j(driver, neo4j_settings).serialize(format="nt")
    assert "_members" not in exported
    pairs = [
        (r["id"], s["id"])
        for r in records
        for s in records
        if r["kept"] and s["kept"] and set(r["kept"]) & set(s["kept"])
    ]
    assert len(pairs) >= 10 and any(a == b for a, b in pairs)
    backend = Neo4jBackend(neo4j_settings)
    try:
        alliance = backend.run("alliance", {"id": pairs[0][0]})[0]["alliance"]
        assert "_members" not in alliance
        asked: list[dict[str, Any]] = [
            {"a": a, "b": b, **page}
            for a, b in pairs
            for page in ({}, {"limit": 2}, {"limit": 1, "offset": 1})
        ]
        kept = [backend.run("alliance_overlap", p) for p in asked]
        assert any(answer[0]["shared_count"] >= 3 for answer in kept)
        # a graph loaded by an earlier version, without the lists, answers the same
        driver.execute_query("MATCH (a:Alliance) REMOVE a._members", database_=db)
        assert [backend.run("alliance_overlap", p) for p in asked] == kept
    finally:
        backend.close()

    # A membership that ends leaves the list in the load that writes it.
    seeds = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "valid" / "minimal", seeds)
    load_seeds(driver, neo4j_settings, seeds)

    def members() -> dict[str, list[str] | None]:
        found = driver.execute_query(
            "MATCH (a:Alliance) RETURN a.id AS id, a._members AS kept", database_=db
        ).records
        return {r["id"]: r["kept"] for r in found}

    before = members()
    assert any(ids and "alpha-soft" in ids for ids in before.values())
    end_first_founding_membership(seeds)
    load_seeds(driver, neo4j_settings, seeds)
    assert not any(ids and "alpha-soft" in ids for ids in members().values())


def test_a_reload_compares_content_hashes_and_rewrites_what_changed(
    driver: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    """Every node and relationship carries the hash of what the seeds say about it; a
    reload reads ids and hashes, writes what differs, and the hash is not data."""
    db = neo4j_settings.neo4j_database
    load_seeds(driver, neo4j_settings, SEEDS)
    wanted = validate_seeds([SEEDS]).property_graph
    missing = driver.execute_query(
        "MATCH (n) WHERE n.id IS NOT NULL AND n._hash IS NULL RETURN count(n) AS n "
        "UNION ALL MATCH ()-[r]->() WHERE r.id IS NOT NULL AND r._hash IS NULL "
        "RETURN count(r) AS n",
        database_=db,
    ).records
    assert [r["n"] for r in missing] == [0, 0]
    exported = graph_from_neo4j(driver, neo4j_settings).serialize(format="nt")
    assert "_hash" not in exported

    # A graph written without hashes (by an earlier version) gets them, once.
    driver.execute_query("MATCH (n) REMOVE n._hash", database_=db)
    driver.execute_query("MATCH ()-[r]->() REMOVE r._hash", database_=db)
    summary = load(driver, db, wanted)
    with_id = [r for r in wanted.rels.values() if r.id is not None]
    assert sum(summary.updated.values()) == len(wanted.nodes) + len(with_id)
    assert not summary.created and not summary.deleted
    assert not load(driver, db, wanted).changed

    # One membership's role changes: only that relationship is written again.
    rel = next(r for r in wanted.rels.values() if r.type == "MEMBER_OF")
    rel.props["role"] = "coordinator" if rel.props["role"] != "coordinator" else "member"
    summary = load(driver, db, wanted)
    assert summary.updated == {"MEMBER_OF": 1} and not summary.created and not summary.deleted
    role = driver.execute_query(
        "MATCH ()-[m:MEMBER_OF {id: $id}]->() RETURN m.role AS role", id=rel.id, database_=db
    ).records[0]["role"]
    assert role == rel.props["role"]

    # A change made in Neo4j by hand is not seen by the hashes; --verify undoes it.
    load(driver, db, validate_seeds([SEEDS]).property_graph)

    def role_now() -> str:
        return str(
            driver.execute_query(
                "MATCH ()-[m:MEMBER_OF {id: $id}]->() RETURN m.role AS role",
                id=rel.id,
                database_=db,
            ).records[0]["role"]
        )

    seeded = role_now()
    driver.execute_query(
        "MATCH ()-[m:MEMBER_OF {id: $id}]->() SET m.role = 'founder-by-hand'",
        id=rel.id,
        database_=db,
    )
    for verify, role in ((False, "founder-by-hand"), (True, seeded)):
        result = subprocess.run(
            [*CLI, "load", *(["--verify"] if verify else []), "--seeds", str(SEEDS)],
            env={**os.environ},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert role_now() == role, verify


def _said(result: subprocess.CompletedProcess[str]) -> str:
    """What the load said after its table ("changed", "no changes: ..."), on one line."""
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.rpartition("┘")[2].split())


def _table(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout.rpartition("┘")[0]


NOT_READ = "not read again"


def test_a_reload_of_the_same_files_reads_nothing_until_something_changes(
    driver: Driver, neo4j_settings: Settings, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    """Loading the seed files of the last load again, into a database that has committed
    nothing since, reports the graph unchanged without reading the seeds or the graph; a
    write to the database, a changed seed file or source text, --verify, or no cache
    folder each make the load read and compare again."""
    db = neo4j_settings.neo4j_database
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    env = {**neo4j_env, "ALLIANCEKG_CACHE_DIR": str(tmp_path / "cache")}

    def load_again(*args: str) -> str:
        return _said(load_cli(env, *args, "--seeds", str(seeds)))

    load_again()
    skipped = load_cli(env, "--seeds", str(seeds))
    assert NOT_READ in _said(skipped)
    compared = load_cli(env, "--verify", "--seeds", str(seeds))  # reads seeds and graph
    assert _said(compared) == "no changes: the graph already held these seeds"
    # the same table and warnings either way
    assert _table(skipped) == _table(compared)
    assert skipped.stderr.strip() == compared.stderr.strip()

    # A write to the database, by anyone: read and compared again; what it deleted is back.
    held = counts(driver, db)
    driver.execute_query("MATCH ()-[m:MEMBER_OF]->() WITH m LIMIT 1 DELETE m", database_=db)
    restored = load_again()
    assert restored == "changed"
    assert counts(driver, db) == held
    assert NOT_READ in load_again()

    # A changed source text (evidence is checked against it), then a changed seed file.
    text = seeds / "texts" / "etnews-ai-alliances.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_text = load_again()
    assert after_text == "no changes: the graph already held these seeds"
    seed_file = seeds / "curation-segments.yaml"
    seed_file.write_text(seed_file.read_text(encoding="utf-8") + "# noted\n", encoding="utf-8")
    after_seed = load_again()
    assert after_seed == "no changes: the graph already held these seeds"
    assert NOT_READ in load_again()

    # With the cache folder switched off nothing is kept: every load reads.
    env["ALLIANCEKG_CACHE_DIR"] = ""
    uncached = load_again()
    assert uncached == "no changes: the graph already held these seeds"
