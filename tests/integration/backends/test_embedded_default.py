"""With NEO4J_URI unset, everything answers from the seeds in-process.

The README's main command (scripts/serve) starts the API with no Neo4j at
all; the CLI's query and doctor commands answer the same way; commands that
need a Neo4j (load) say how to get one.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.paths import FIXTURES, ROOT
from tests.support import wait_for_health

CLI = [sys.executable, "-m", "alliancekg.cli"]


def _env_without_neo4j() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def served(command: list[str], log_path: Path, wait_s: float) -> Iterator[str]:
    """``command`` with ``--port`` added and no Neo4j, its output in ``log_path``, up
    and healthy; yield its URL. It is stopped on leaving."""
    port = _free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*command, "--port", str(port)],
            env=_env_without_neo4j(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(proc, base, wait_s, log_path.read_text)
            yield base
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def test_main_command_serves_the_seeds_with_no_neo4j(tmp_path: Path) -> None:
    log_path = tmp_path / "serve.log"
    with served([str(ROOT / "scripts" / "serve")], log_path, 240) as base:
        health = httpx.get(f"{base}/health", timeout=10)
        assert health.status_code == 200
        assert health.json()["backend"] == "embedded"
        assert health.json()["embedded"]["triples"] > 900
        launched = httpx.get(f"{base}/companies/multi-alliance", timeout=10)
        assert launched.status_code == 200
        # the article's SK Telecom and KAIST, known only from the member tables' pages
        firms = {f["id"]: f for f in launched.json()}
        assert {"sk-telecom", "kaist"} <= set(firms)
        assert all(m["sources"] for f in firms.values() for m in f["memberships"])
        with_proposed = httpx.get(
            f"{base}/companies/multi-alliance", params={"include_proposed": "true"}, timeout=10
        ).json()
        [skt] = [f for f in with_proposed if f["id"] == "sk-telecom"]
        # the article names it for the proposed "대한민국의 어벤저스" too
        assert {"k-ai-alliance", "korean-avengers"} <= {m["alliance"] for m in skt["memberships"]}
    logged = log_path.read_text()
    assert "serving the embedded backend" in logged
    assert '"GET /companies/multi-alliance HTTP/1.1" 200' in logged  # the access log


def test_serve_without_the_access_log_logs_no_request(tmp_path: Path) -> None:
    log_path = tmp_path / "serve.log"
    command = [*CLI, "serve", "--no-access-log", "--seeds", str(FIXTURES / "analysis")]
    with served(command, log_path, 60) as base:
        assert httpx.get(f"{base}/alliances/omega-alliance", timeout=10).status_code == 200
    logged = log_path.read_text()
    assert "serving the embedded backend" in logged
    assert "GET /" not in logged


def test_serve_with_two_workers(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [
            *CLI,
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--seeds",
            str(FIXTURES / "analysis"),
        ],
        env=_env_without_neo4j(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(proc, base, 60, lambda: proc.stderr.read() if proc.stderr else "")
        with httpx.Client(base_url=base, timeout=10) as client:
            answers = [client.get("/alliances/omega-alliance").json() for _ in range(20)]
        assert all(a["alliance"]["status"] == "proposed" for a in answers)
        assert len({a["alliance"]["id"] for a in answers}) == 1
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_doctor_names_the_embedded_backend() -> None:
    result = subprocess.run(
        [*CLI, "doctor"], env=_env_without_neo4j(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "backend: embedded" in result.stdout
    assert "seeds/etnews-ai-alliances.yaml" in result.stdout


def test_query_answers_from_other_seeds() -> None:
    result = subprocess.run(
        [
            *CLI,
            "query",
            "alliance_segment_gaps",
            "-p",
            "alliance=gamma-alliance",
            "--json",
            "--seeds",
            str(FIXTURES / "analysis"),
        ],
        env=_env_without_neo4j(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert '"segment": "security"' in result.stdout


def test_bad_seeds_are_reported_not_served(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organizations:\n  - id: Not An Id\n", encoding="utf-8")
    result = subprocess.run(
        [*CLI, "query", "multi_alliance_firms", "--seeds", str(bad)],
        env=_env_without_neo4j(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "bad.yaml" in result.stderr and "Traceback" not in result.stderr


def test_load_without_neo4j_uri_says_how_to_get_one() -> None:
    result = subprocess.run(
        [*CLI, "load"], env=_env_without_neo4j(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1
    assert "NEO4J_URI" in result.stderr and "scripts/neo4j-local start" in result.stderr
