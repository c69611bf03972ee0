"""scripts/neo4j-local on a second, throw-away server: start twice, Browser, stop cleanly."""

from __future__ import annotations

import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.paths import ROOT

SCRIPT = ROOT / "scripts" / "neo4j-local"


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=240
    )


def _java_processes_for(home: Path) -> list[str]:
    out = subprocess.run(["pgrep", "-af", "java"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if str(home) in line]


@pytest.mark.usefixtures("neo4j_settings")
def test_start_twice_browser_answers_and_stop_leaves_nothing(tmp_path: Path) -> None:
    home = tmp_path / "neo4j"
    env = dict(
        os.environ,
        NEO4J_LOCAL_HOME=str(home),
        NEO4J_LOCAL_BOLT_PORT="47687",
        NEO4J_LOCAL_HTTP_PORT="47474",
        NEO4J_LOCAL_HEAP="512m",
    )
    try:
        first = _run(env, "start")
        assert first.returncode == 0, first.stderr[-2000:]
        assert "export NEO4J_URI=bolt://127.0.0.1:47687" in first.stdout
        second = _run(env, "start")
        assert second.returncode == 0, second.stderr[-2000:]
        assert "already running" in (second.stdout + second.stderr)
        assert "export NEO4J_URI=bolt://127.0.0.1:47687" in second.stdout
        with urllib.request.urlopen("http://127.0.0.1:47474/browser/", timeout=10) as r:
            assert r.status == 200
        assert _run(env, "status").returncode == 0
    finally:
        stopped = _run(env, "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert _java_processes_for(home) == []
    assert _run(env, "status").returncode == 3
