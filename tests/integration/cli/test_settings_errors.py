"""A setting the environment gives a value it cannot take: one line naming the
variable and the value, exit 2, no traceback, nothing done."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.support import CLI


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ALLIANCEKG_CACHE_SECONDS", "-1"),
        ("ALLIANCEKG_BATCH_SIZE", "0"),
        ("ALLIANCEKG_WRITE_SESSIONS", "0"),
        ("NEO4J_TIMEOUT", "soon"),
    ],
)
@pytest.mark.parametrize("command", [["validate"], ["query", "multi_alliance_firms"], ["load"]])
def test_a_bad_setting_is_one_line_and_exit_2(
    variable: str, value: str, command: list[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "ALLIANCEKG_"))}
    result = subprocess.run(
        [*CLI, *command],
        env={**env, variable: value},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert variable in line and repr(value) in line
