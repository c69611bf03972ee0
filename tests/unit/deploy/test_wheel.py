"""A wheel built from the repository works on its own: installed into a fresh virtual
environment in an empty directory (no checkout, no ALLIANCEKG_HOME), it validates,
answers and serves a seed folder it is pointed at."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.paths import ROOT, SEEDS
from tests.support import wait_for_health


def _uv() -> str:
    """The uv that scripts/install uses (or one on PATH)."""
    local = ROOT / ".cache" / "tools" / "bin" / "uv"
    found = str(local) if local.is_file() else shutil.which("uv")
    if found is None:
        pytest.fail("no uv: run scripts/install, which installs it into .cache/tools")
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin directory of a fresh venv holding only the wheel and its dependencies."""
    uv = _uv()
    dist = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    wheel = next(dist.glob("alliancekg-*.whl"))
    venv = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run(
        [uv, "venv", "--quiet", "--python", "python3", str(venv)],
        check=True,
        env=env,
        timeout=120,
    )
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel)],
        check=True,
        env=env,
        timeout=600,
    )
    return venv / "bin"


def _env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NEO4J_", "ALLIANCEKG_", "PYTHONPATH", "VIRTUAL_ENV"))
    }


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "alliancekg"), *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_wheel_answers_a_question_on_a_seed_folder(installed: Path, tmp_path: Path) -> None:
    plain = _run(installed, tmp_path, "query", "multi_alliance_firms", "--seeds", str(SEEDS))
    assert plain.returncode == 0, plain.stderr
    # firms of the member tables in two launched alliances, and the article's SK Telecom
    assert "sk-telecom" in plain.stdout and "kaist" in plain.stdout
    proposed = _run(
        installed,
        tmp_path,
        "query",
        "multi_alliance_firms",
        "--seeds",
        str(SEEDS),
        "-p",
        "include_proposed=true",
        "--json",
    )
    assert proposed.returncode == 0, proposed.stderr
    args = ["query", "multi_alliance_firms", "--json", "--seeds", str(SEEDS)]
    here = subprocess.run(
        [sys.executable, "-m", "alliancekg.cli", *args, "-p", "include_proposed=true"],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    )
    # the installed wheel answers as the source tree does
    assert json.loads(proposed.stdout) == json.loads(here.stdout)
    assert "sk-telecom" in [f["id"] for f in json.loads(proposed.stdout)]


def test_the_wheel_validates_and_carries_its_own_seeds(installed: Path, tmp_path: Path) -> None:
    pointed = _run(installed, tmp_path, "validate", "--seeds", str(SEEDS))
    assert pointed.returncode == 0, pointed.stderr
    assert "valid: 6 files" in pointed.stdout
    # With no --seeds, the seeds installed with the package.
    own = _run(installed, tmp_path, "validate")
    assert own.returncode == 0, own.stderr
    assert own.stdout == pointed.stdout.replace(str(SEEDS), "")
    assert not list(tmp_path.iterdir()), "nothing is written where it runs"


def test_the_wheel_serves_the_api(installed: Path, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(installed / "alliancekg"), "serve", "--port", str(port), "--seeds", str(SEEDS)],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        health = wait_for_health(proc, f"http://127.0.0.1:{port}", 120)
        assert health.json()["backend"] == "embedded"
        guide = httpx.get(f"http://127.0.0.1:{port}/guide/style.grass", timeout=10)
        assert guide.status_code == 200  # the Browser style is in the wheel too
        assert httpx.get(f"http://127.0.0.1:{port}/ontology", timeout=10).status_code == 200
        # the explorer: its templates and static files are in the wheel
        home = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert home.status_code == 200
        assert home.headers["content-type"] == "text/html; charset=utf-8"
        assert "K-AI 얼라이언스" in home.text
        for asset in ("/static/explorer.js", "/static/vendor/cytoscape.min.js"):
            served = httpx.get(f"http://127.0.0.1:{port}{asset}", timeout=10)
            assert served.status_code == 200, asset
            assert served.headers["content-type"].startswith("text/javascript"), asset
    finally:
        proc.terminate()
        proc.wait(timeout=30)
