"""``alliancekg chart`` against the Neo4j under test, as a user runs it."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path

from alliancekg.config import Settings

CLI = [sys.executable, "-m", "alliancekg.cli"]


def test_chart_command_draws_the_multi_alliance_firms_from_neo4j(
    seeded: Settings, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "multi.png"
    done = subprocess.run(
        [*CLI, "chart", "multi-alliance", "--include-proposed", "-o", str(out)],
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # sized to its data: the size it reports is the PNG's own, at least the default
    said = re.search(rf"wrote {re.escape(str(out))} \((\d+)×(\d+) PNG", done.stderr)
    assert said, done.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    size = struct.unpack(">II", data[16:24])
    assert size == (int(said[1]), int(said[2]))
    assert size[0] >= 1100 and size[1] >= 720


def test_chart_command_says_so_when_neo4j_is_unreachable(
    neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**neo4j_env, "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_TIMEOUT": "2"}
    done = subprocess.run(
        [*CLI, "chart", "overlap", "-o", str(tmp_path / "o.png")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert "unavailable" in done.stderr
    assert not (tmp_path / "o.png").exists()
