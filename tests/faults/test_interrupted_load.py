"""A load interrupted mid-write, by SIGKILL of the loader or of Neo4j itself,
leaves the graph it started from; a rerun ends in exactly the clean-load graph.

"Exactly" is checked three ways: counts per label and type, the graph read
back from Neo4j, and ``alliancekg export --from neo4j`` as a user runs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from neo4j import Driver
from rdflib import Graph

from alliancekg.config import Settings
from alliancekg.ingest.synth import Scale, generate
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load
from alliancekg.rdf.mapping import to_property_graph
from tests.faults.support import LocalNeo4j, expected_counts, export_from_neo4j, nonzero_counts
from tests.paths import SEEDS
from tests.support import (
    CLI,
    assert_isomorphic,
    graph_from_neo4j,
    load_waiting_mid_write,
    new_membership_ids,
    running_write,
    wait_until,
)


@dataclass
class SeedSet:
    path: Path
    graph: Graph
    counts: dict[str, int]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> SeedSet:
    """The article's seeds plus enough synthetic firms that a load takes a while."""
    path = tmp_path_factory.mktemp("big")
    generate(Scale(companies=1500, alliances=30, memberships=4000), path)
    shutil.copytree(SEEDS, path, dirs_exist_ok=True)
    graph = validate_seeds([path]).graph
    return SeedSet(path, graph, expected_counts(to_property_graph(graph)))


@pytest.fixture
def old_graph(driver: Driver, neo4j_settings: Settings) -> Iterator[SeedSet]:
    """The graph before the interrupted load: the article's seeds."""
    graph = validate_seeds([SEEDS]).graph
    pg = to_property_graph(graph)
    load(driver, neo4j_settings.neo4j_database, pg)
    assert nonzero_counts(driver, neo4j_settings) == expected_counts(pg)
    yield SeedSet(SEEDS, graph, expected_counts(pg))


def assert_graph_is(
    expected: SeedSet, driver: Driver, settings: Settings, env: dict[str, str]
) -> None:
    assert nonzero_counts(driver, settings) == expected.counts
    assert_isomorphic(expected.graph, graph_from_neo4j(driver, settings))
    assert_isomorphic(expected.graph, export_from_neo4j(env))


@pytest.mark.parametrize("victim", ["loader", "neo4j"])
def test_a_load_killed_mid_write_leaves_the_old_graph_and_a_rerun_completes(
    victim: str,
    big: SeedSet,
    old_graph: SeedSet,
    server: LocalNeo4j,
    fault_driver: Driver,
    neo4j_settings: Settings,
    neo4j_env: dict[str, str],
) -> None:
    db = neo4j_settings.neo4j_database
    held = new_membership_ids(old_graph.graph, big.graph)
    with load_waiting_mid_write(fault_driver, db, neo4j_env, big.path, held) as proc:
        if victim == "loader":
            os.kill(proc.pid, signal.SIGKILL)
        else:
            server.kill()
        _, stderr = proc.communicate(timeout=120)
    if victim == "loader":
        assert proc.returncode == -signal.SIGKILL
    else:
        # The loader saw Neo4j go away: "unavailable", one line, no traceback.
        text = stderr.decode("utf-8", "replace")
        assert proc.returncode == 3, text
        assert "Traceback" not in text
        server.start()
    # The server rolls back what the dead connection (or the crash) left uncommitted.
    wait_until(lambda: not running_write(fault_driver, db), 60, "the rollback ends")
    assert_graph_is(old_graph, fault_driver, neo4j_settings, neo4j_env)

    rerun = subprocess.run(
        [*CLI, "load", "--seeds", str(big.path)],
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert_graph_is(big, fault_driver, neo4j_settings, neo4j_env)
