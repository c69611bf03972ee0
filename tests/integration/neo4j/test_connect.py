"""Connecting: the same settings work with bolt:// and routing neo4j:// URIs."""

from __future__ import annotations

import subprocess
import sys

CLI = [sys.executable, "-m", "alliancekg.cli"]


def test_doctor_names_the_server_version_and_edition(neo4j_env: dict[str, str]) -> None:
    result = subprocess.run(
        [*CLI, "doctor"], env=neo4j_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "backend: neo4j" in result.stdout
    assert "server: Neo4j 5.26" in result.stdout
    assert f"database: {neo4j_env['NEO4J_DATABASE']}" in result.stdout


def test_routing_uri_works_unchanged(neo4j_env: dict[str, str]) -> None:
    uri = neo4j_env["NEO4J_URI"]
    routed = "neo4j://" + uri.split("://", 1)[1]
    env = dict(neo4j_env, NEO4J_URI=routed)
    result = subprocess.run([*CLI, "doctor"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert routed in result.stdout
