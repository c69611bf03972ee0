"""What every bench shares: sizes, seed data, Neo4j, timing, peak memory, tables, JSON."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / ".cache" / "bench-data"
console = Console(width=160)


def scale_for(memberships: int) -> tuple[int, int]:
    """(companies, alliances) for a membership count, in the issue's proportions:
    10 memberships per firm, 500 per alliance (10^6 -> 10^5 firms, 2,000 alliances)."""
    return max(10, memberships // 10), max(4, memberships // 500)


# Above ONE_TX_MAX memberships the loads commit every COMMIT_EVERY rows: one transaction
# of 10^6 memberships needs more than the 2.8 GiB transaction pool of a 4 GiB heap.
ONE_TX_MAX = int(os.environ.get("BENCH_ONE_TX_MAX", "200000"))
COMMIT_EVERY = int(os.environ.get("BENCH_COMMIT_EVERY", "100000"))


def commit_every(memberships: int) -> int | None:
    """``alliancekg load --commit-every`` for a size, or None for one transaction."""
    return COMMIT_EVERY if memberships > ONE_TX_MAX else None


def seed_dir(memberships: int, extended: bool = True, tables: bool = False) -> Path:
    """Generated seed files for a size (cached under .cache/bench-data): YAML, or with
    ``tables`` the same scale as CSV tables."""
    from bench.gen import generate_extended, write_tables

    out = DATA / (f"tables{memberships}" if tables else f"m{memberships}")
    if not (out / ".done").exists():
        companies, alliances = scale_for(memberships)
        (write_tables if tables else generate_extended)(companies, alliances, memberships, out)
        (out / ".done").write_text("ok")
    return out


def settings(timeout: float = 120.0) -> Any:
    from alliancekg.config import Settings

    os.environ.setdefault("NEO4J_TIMEOUT", str(timeout))
    return Settings()


def driver() -> Any:
    from alliancekg.neo4j.connect import open_driver

    return open_driver(settings())


def peak_rss_mb() -> float:
    """Peak resident memory of this process, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed() -> Iterator[dict[str, float]]:
    out: dict[str, float] = {}
    t = time.perf_counter()
    yield out
    out["s"] = time.perf_counter() - t


def run_measured(cmd: list[str], **kw: Any) -> dict[str, Any]:
    """Run ``cmd``; its wall time, exit status and peak RSS (from wait4, this child only)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, **kw)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return {
        "cmd": " ".join(cmd),
        "s": time.perf_counter() - t,
        "rc": p.returncode,
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    s = sorted(samples)

    def pct(q: float) -> float:
        return s[min(len(s) - 1, round(q * (len(s) - 1)))]

    return {
        "n": len(s),
        "p50_ms": pct(0.50) * 1000,
        "p95_ms": pct(0.95) * 1000,
        "p99_ms": pct(0.99) * 1000,
        "mean_ms": statistics.fmean(s) * 1000,
    }


def repeat(
    fn: Callable[[], Any], n: int, warmup: int = 3, budget_s: float = 90.0
) -> dict[str, float]:
    """``n`` timed calls after ``warmup``; stops early once ``budget_s`` is spent (the
    sample count is reported as ``n``)."""
    start = time.perf_counter()
    for _ in range(warmup):
        fn()
        if time.perf_counter() - start > budget_s / 3:
            break
    samples = []
    start = time.perf_counter()
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
        if t - start > budget_s:
            break
    return percentiles(samples)


def machine() -> dict[str, Any]:
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kb = int(f.readline().split()[1])
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }
    try:
        from alliancekg.neo4j.connect import server_info

        d = driver()
        try:
            si = server_info(d, settings())
            info["neo4j"] = f"{si.version} {si.edition}"
        finally:
            d.close()
    except Exception as e:  # the machine block must not stop a run
        info["neo4j"] = f"unavailable: {e}"
    return info


def fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= 10 else f"{v:,.3f}"
    if isinstance(v, int):
        return f"{v:,}"
    return "" if v is None else str(v)


def parts(rows: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    """Rows grouped by their ``part`` key (None when they have none), in order: a bench
    whose rows have parts is printed as one table per part."""
    out: dict[str | None, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r.get("part"), []).append(r)
    return out


def report(name: str, rows: list[dict[str, Any]], meta: dict[str, Any] | None = None) -> Path:
    """Print ``rows`` as a table (one per ``part``); write them with the machine block to
    results/NAME.json."""
    for part, part_rows in parts(rows).items():
        cols: list[str] = []
        for r in part_rows:
            cols.extend(k for k in r if k not in cols and k != "part")
        table = Table(title=f"{name}: {part}" if part else name)
        for c in cols:
            left = c in ("case", "phase", "route", "what", "note")
            table.add_column(
                c, justify="left" if left else "right", min_width=24 if c == "case" else None
            )
        for r in part_rows:
            table.add_row(*(fmt(r.get(c)) for c in cols))
        console.print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(
        json.dumps({"bench": name, "meta": meta or {}, "rows": rows}, indent=2, default=str),
        encoding="utf-8",
    )
    return path


def sizes_arg(argv: list[str] | None = None) -> list[int]:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000", help="membership counts, comma-separated")
    args = ap.parse_args(argv)
    return [int(x) for x in args.sizes.split(",")]


def worktree_src(commit: str) -> str:
    """The ``src`` of ``commit`` checked out in a worktree under ``.cache/`` (kept for the
    next run): another commit's code, to run beside this one."""
    path = ROOT / ".cache" / f"worktree-{commit[:12]}"
    if not path.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-f", str(path), commit],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return str(path / "src")


def code_result(module: str, size: int, src: str | None) -> dict[str, Any]:
    """``python -m module --one size`` in a fresh process, with ``src`` (another commit's
    code, :func:`worktree_src`) first on the path, or with this code; its result, or
    the run ends with its error."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (src, str(ROOT)) if x)
    result = child_result(module, ["--one", str(size)], env=env)
    if "error" in result:
        raise SystemExit(result["error"])
    return result


def before_args(one: Callable[[int], dict[str, Any]]) -> Any:
    """The arguments of a bench that runs this code beside another commit's:
    ``--size`` (its seeds generated here) and ``--before``. A child process started by
    :func:`code_result` (``--one size``) prints ``one(size)`` as its result and ends."""
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100000)
    ap.add_argument("--before", help="a commit to run beside this code")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print("RESULT " + json.dumps(one(args.one)))
        raise SystemExit(0)
    seed_dir(args.size)
    return args


def neo4j_peak_rss_mb() -> float | None:
    """VmHWM (peak RSS since start) of the local Neo4j JVM, if it runs on this machine."""
    home = os.environ.get("NEO4J_LOCAL_HOME", str(ROOT / ".cache" / "neo4j-bench"))
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "java" in cmd and home in cmd:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            continue
    return None


def child_result(module: str, args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh process (so that its peak RSS is its own,
    and the processes it starts do not inherit a large one), with ``env`` if given; the
    JSON of its RESULT line, or ``{"error": ...}`` with the end of its stderr."""
    p = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [x for x in p.stdout.splitlines() if x.startswith("RESULT ")]
    if p.returncode or not lines:
        return {"error": p.stderr[-500:]}
    result: dict[str, Any] = json.loads(lines[0][7:])
    return result
