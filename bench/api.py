"""API throughput and latency under concurrent load.

The server is ``alliancekg serve`` (uvicorn, one worker) in its own process; the load
comes from ``wrk`` (a separate process, 32 connections, 127.0.0.1 only). Neo4j runs on
the same 2-core machine, so server, Neo4j and load generator share the CPUs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

from bench.common import ROOT, neo4j_peak_rss_mb, report, worktree_src

PORT = int(os.environ.get("BENCH_API_PORT", "58123"))
DURATION = int(os.environ.get("BENCH_API_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_API_CONNECTIONS", "32"))
# Light routes first: a heavy route leaves abandoned queries running in Neo4j (the
# backend stops waiting, the server does not stop working), which would slow what follows.
ROUTES = [
    ("/health (floor)", "/health"),
    ("look-up /companies/c1", "/companies/c1"),
    ("multi-alliance (min 20)", "/companies/multi-alliance?min_alliances=20"),
    ("multi-alliance (defaults: min 2, page of 100)", "/companies/multi-alliance"),
]


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, seconds: int) -> dict[str, Any]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    r: dict[str, Any] = {}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        r["req_per_s"] = float(m.group(1))
    for q in ("50", "99"):
        if m := re.search(rf"^\s+{q}%\s+(\S+)", out, re.M):
            r[f"p{q}_ms"] = _ms(m.group(1))
    if m := re.search(r"(\d+) requests in", out):
        r["requests"] = int(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    r["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", out)
    r["socket_errors"] = m.group(1).strip() if m else ""
    return r


def start_server(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    environ = {**os.environ, **(env or {})}
    environ = {k: v for k, v in environ.items() if v != ""}  # "" unsets
    # its own process group: stopping it stops its workers too
    p = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=2) as resp:
                if resp.status == 200:
                    return p
        except OSError:
            time.sleep(0.3)
    p.kill()
    raise RuntimeError(f"server did not come up: {cmd}")


def stop_server(p: subprocess.Popen[bytes]) -> float:
    """Stop the server; its peak RSS in MiB (from wait4: this child; with workers, the
    largest of the children it waited for is not included)."""
    os.killpg(p.pid, signal.SIGINT)
    try:
        _, _, usage = os.wait4(p.pid, 0)
    except ChildProcessError:
        return float("nan")
    finally:
        # workers that outlive their parent would keep the port
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                os.killpg(p.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            os.killpg(p.pid, signal.SIGKILL)
    p.returncode = 0
    return usage.ru_maxrss / 1024


def wait_neo4j_idle(limit_s: float = 150.0) -> float:
    """Wait until Neo4j runs no transaction but ours; seconds waited."""
    from bench.common import driver

    d = driver()
    t = time.perf_counter()
    try:
        while time.perf_counter() - t < limit_s:
            records = d.execute_query("SHOW TRANSACTIONS YIELD transactionId RETURN count(*) AS n")
            if records.records[0]["n"] <= 1:
                break
            time.sleep(1)
    finally:
        d.close()
    return time.perf_counter() - t


def _serve(*extra: str) -> list[str]:
    return ["alliancekg", "serve", "--port", str(PORT), *extra]


# The answers cache off (every request runs its question) and on (the default: the
# graph's version is read at most once a second, repeated questions are not run again).
UNCACHED = {"ALLIANCEKG_CACHE_ENTRIES": "0"}
CACHED: dict[str, str] = {}


def one_size(size: int, before: str | None = None) -> list[dict[str, Any]]:
    """One size on Neo4j; with ``before`` (a commit), instead, that commit's servers and
    this code's in turns, on the same graph and routes."""
    from bench.queries import load_in_child

    n = load_in_child(size)
    rows: list[dict[str, Any]] = []
    servers = [
        ("alliancekg serve (1 worker), cache off", _serve(), UNCACHED, ROUTES),
        ("alliancekg serve (1 worker), cache on", _serve(), CACHED, ROUTES),
        ("alliancekg serve --workers 2, cache off", _serve("--workers", "2"), UNCACHED, ROUTES),
        ("alliancekg serve --workers 2, cache on", _serve("--workers", "2"), CACHED, ROUTES),
    ]
    if before:
        # each server of this code again, right after the same server of the commit's
        code = {"PYTHONPATH": worktree_src(before)}
        servers = []
        for name, cmd, env in (
            ("1 worker, cache off", _serve(), UNCACHED),
            ("--workers 2, cache off", _serve("--workers", "2"), UNCACHED),
            ("1 worker, cache on", _serve(), CACHED),
        ):
            servers += [
                (f"the code at {before[:7]}, {name}", cmd, {**env, **code}, ROUTES[1:3]),
                (f"this code, {name}", cmd, env, ROUTES[1:3]),
            ]
    rows += run_servers(size, n, servers)
    if not before:
        rows += driver_floor(size, n)
    return rows


def driver_floor_child(seconds: float) -> dict[str, Any]:
    """In a fresh process: the project's async driver alone, no HTTP, CONNECTIONS
    coroutines each running one auto-commit read after another for ``seconds``: the
    look-up's own Cypher (``company`` for c1) and ``RETURN 1``. What an uncached
    look-up through the API could reach at most with one Python process here."""
    import asyncio

    import neo4j

    from alliancekg.neo4j.connect import driver_options
    from alliancekg.questions.catalogue import named_query
    from bench.common import settings

    s = settings()
    cases = {
        "company (the look-up's Cypher)": named_query("company").cypher,
        "RETURN 1": "RETURN 1",
    }

    async def rate(query: str) -> float:
        driver = neo4j.AsyncGraphDatabase.driver(s.neo4j_uri or "", **driver_options(s))
        done = 0
        try:

            async def client(until: float) -> None:
                nonlocal done
                while time.perf_counter() < until:
                    async with driver.session(
                        database=s.neo4j_database, default_access_mode=neo4j.READ_ACCESS
                    ) as session:
                        result = await session.run(query, {"id": "c1"})
                        await result.data()
                    done += 1

            warm = time.perf_counter() + 2
            await asyncio.gather(*(client(warm) for _ in range(CONNECTIONS)))
            done = 0
            t = time.perf_counter()
            await asyncio.gather(*(client(t + seconds) for _ in range(CONNECTIONS)))
            return done / (time.perf_counter() - t)
        finally:
            await driver.close()

    return {name: asyncio.run(rate(q)) for name, q in cases.items()}


def driver_floor(size: int, n: int) -> list[dict[str, Any]]:
    """Rows for :func:`driver_floor_child`, run in its own process."""
    from bench.common import child_result

    wait_neo4j_idle()
    found = child_result("bench.api", ["--driver-floor", str(DURATION)])
    if "error" in found:
        raise RuntimeError(found["error"])
    return [
        {
            "size": size,
            "memberships": n,
            "server": f"the async driver alone, no HTTP ({CONNECTIONS} at once)",
            "route": name,
            "req_per_s": rate,
        }
        for name, rate in found.items()
    ]


LOOKUP = [("look-up /companies/sk-telecom", "/companies/sk-telecom")]


def embedded_against_bare() -> list[dict[str, Any]]:
    """The embedded backend on the shipped seeds (``scripts/serve``'s default) against a
    bare FastAPI route answering the same bytes, side by side in one run."""
    body = ROOT / ".cache" / "bench-bare-body.json"
    body.parent.mkdir(parents=True, exist_ok=True)
    no_neo4j = {"NEO4J_URI": ""}
    p = start_server(_serve(), no_neo4j)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{LOOKUP[0][1]}") as resp:
            body.write_bytes(resp.read())
    finally:
        stop_server(p)
    bare = [
        sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--port", str(PORT),
        "--http", "h11", "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    bare_logged = [*bare[:-3], "--log-level", "info"]  # as alliancekg serve logs
    off = {**no_neo4j, **UNCACHED}
    bare_env = {**no_neo4j, "BENCH_BARE_BODY": str(body)}
    servers = [
        ("bare FastAPI route (same body)", bare, bare_env, LOOKUP),
        # like alliancekg serve: uvicorn's access log on
        ("bare FastAPI route, access log", bare_logged, bare_env, LOOKUP),
        # like the bare route: no access log
        ("embedded, cache off, no access log", _serve("--no-access-log"), off, LOOKUP),
        ("embedded, cache off", _serve(), off, LOOKUP),
        ("embedded, cache on", _serve(), no_neo4j, LOOKUP),
    ]
    return run_servers("seeds/", 0, servers)


def run_servers(
    size: int | str, n: int, servers: list[tuple[str, list[str], dict[str, str], Any]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for server_name, cmd, env, routes in servers:
        if "NEO4J_URI" not in env:
            wait_neo4j_idle()
        p = start_server(cmd, env)
        try:
            for route_name, path in routes:
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{PORT}{path}", timeout=120
                    ) as resp:
                        body, status = resp.read(), resp.status
                except urllib.error.HTTPError as e:
                    body, status = e.read(), e.code
                except OSError as e:
                    body, status = str(e).encode(), 0
                single_ms = (time.perf_counter() - t) * 1000
                wrk(f"http://127.0.0.1:{PORT}{path}", 2)  # warm-up
                r = wrk(f"http://127.0.0.1:{PORT}{path}", DURATION)
                rows.append(
                    {
                        "size": size,
                        "memberships": n,
                        "server": server_name,
                        "route": route_name,
                        "response_kb": len(body) / 1024,
                        "single_status": status,
                        "single_ms": single_ms,
                        **r,
                    }
                )
        finally:
            rss = stop_server(p)
        for r in rows:
            if r["server"] == server_name and r["size"] == size:
                r["server_peak_rss_mb"] = rss
    return rows


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--driver-floor":
        print("RESULT " + json.dumps(driver_floor_child(float(sys.argv[2]))))
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000", help="membership counts, comma-separated")
    ap.add_argument("--before", help="a commit whose servers run in turns with this code's")
    ap.add_argument("--no-embedded", action="store_true", help="skip the embedded pairing")
    args = ap.parse_args(sys.argv[1:])
    rows: list[dict[str, Any]] = [] if args.no_embedded else embedded_against_bare()
    for size in (int(x) for x in args.sizes.split(",")):
        rows += one_size(size, args.before)
    report(
        "api",
        rows,
        {
            "connections": CONNECTIONS,
            "seconds": DURATION,
            "load_generator": "wrk -t2",
            "neo4j_peak_rss_mb": neo4j_peak_rss_mb(),
        },
    )


if __name__ == "__main__":
    main()
