"""Run every bench in one go: ``python -m bench`` (10^4 and 10^5 memberships) or
``python -m bench --quick`` (a smoke run at 10^3). Each bench runs in its own process,
prints its table and writes bench/results/<bench>.json; this writes summary.json."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

from bench.common import RESULTS, ROOT, console, machine, neo4j_peak_rss_mb, report, seed_dir

BENCHES = ["load", "queries", "api", "export"]
QUICK_ENV = {
    "BENCH_QUERY_RUNS": "5",
    "BENCH_API_SECONDS": "3",
    "BENCH_NAIVE_ROWS": "200",
}
TARGETS = {
    "load_memberships_per_s": 50_000,
    "load_x_naive": 20,
    "multi_alliance_p50_ms_at_1e6": 50,
    "api_req_per_s": 1_500,
    "api_p99_ms": 50,
    "nt_triples_per_s": 500_000,
    "nt_x_rdflib_turtle": 5,
}


def _rows(name: str) -> list[dict[str, Any]]:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return rows


def summary(sizes: list[int]) -> list[dict[str, Any]]:
    """The headline numbers against the issue's targets."""
    out: list[dict[str, Any]] = []
    load, queries, api, export = (_rows(n) for n in BENCHES)
    naive = next((r for r in load if r.get("phase", "").startswith("naive")), {})
    for size in sizes:
        for r in load:
            if r.get("size") == size and r.get("phase") in (
                "d. Neo4j write (empty db)",
                "a+c+d (all but SHACL)",
                "a+b+c+d",
                "alliancekg load (end to end, CLI)",
            ):
                out.append(
                    {
                        "size": size,
                        "what": f"load: {r['phase']}",
                        "value": r.get("memberships_per_s"),
                        "unit": "memberships/s",
                        "target": TARGETS["load_memberships_per_s"],
                        "ratio_to_target": (r.get("memberships_per_s") or 0)
                        / TARGETS["load_memberships_per_s"],
                        "vs_baseline": (r.get("memberships_per_s") or 0)
                        / naive["memberships_per_s"]
                        if naive
                        else None,
                    }
                )
        for r in queries:
            if r.get("size") == size and not r["case"].startswith("NAIVE"):
                out.append(
                    {
                        "size": size,
                        "what": f"query: {r['case']} p50",
                        "value": r["p50_ms"],
                        "unit": "ms",
                        "target": TARGETS["multi_alliance_p50_ms_at_1e6"]
                        if r["case"].startswith("multi")
                        else None,
                        "ratio_to_target": TARGETS["multi_alliance_p50_ms_at_1e6"] / r["p50_ms"]
                        if r["case"].startswith("multi")
                        else None,
                        "vs_baseline": r.get("x_naive_p50"),
                    }
                )
        for r in api:
            if r.get("size") == size and "req_per_s" in r:
                out.append(
                    {
                        "size": size,
                        "what": f"api: {r['server']} {r['route']}",
                        "value": r["req_per_s"],
                        "unit": f"req/s (p50 {r.get('p50_ms', 0):.0f} ms, "
                        f"p99 {r.get('p99_ms', 0):.0f} ms)",
                        "target": TARGETS["api_req_per_s"],
                        "ratio_to_target": r["req_per_s"] / TARGETS["api_req_per_s"],
                        "vs_baseline": None,
                    }
                )
        for r in export:
            if r.get("size") == size and not r["what"].startswith("rdflib"):
                out.append(
                    {
                        "size": size,
                        "what": f"export: {r['what']}",
                        "value": r["triples_per_s"],
                        "unit": f"triples/s (peak {r['peak_rss_mb']:.0f} MiB)",
                        "target": TARGETS["nt_triples_per_s"],
                        "ratio_to_target": r["triples_per_s"] / TARGETS["nt_triples_per_s"],
                        "vs_baseline": r.get("x_rdflib_turtle"),
                    }
                )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="smoke run: 10^3 memberships, short")
    ap.add_argument("--sizes", help="membership counts, comma-separated (default 10000,100000)")
    ap.add_argument("--only", help=f"comma-separated subset of {','.join(BENCHES)}")
    a = ap.parse_args()
    sizes = a.sizes or ("1000" if a.quick else "10000,100000")
    env = {**os.environ, **(QUICK_ENV if a.quick else {})}
    if not env.get("NEO4J_URI"):
        raise SystemExit('NEO4J_URI is not set: eval "$(scripts/neo4j-local env)"')
    size_list = [int(x) for x in sizes.split(",")]
    t = time.perf_counter()
    for size in size_list:
        with console.status(f"generating seeds for {size} memberships"):
            seed_dir(size)
    timings: dict[str, Any] = {"generate": {"s": time.perf_counter() - t}}
    for name in a.only.split(",") if a.only else BENCHES:
        console.rule(f"bench {name} ({sizes})")
        t = time.perf_counter()
        p = subprocess.run(
            [sys.executable, "-m", f"bench.{name}", "--sizes", sizes],
            cwd=ROOT,
            env=env,
            check=False,
        )
        timings[name] = {"s": time.perf_counter() - t, "rc": p.returncode}
    meta = {
        "machine": machine(),
        "sizes": size_list,
        "quick": a.quick,
        "bench_wall": timings,
        "neo4j_peak_rss_mb": neo4j_peak_rss_mb(),
        "targets": TARGETS,
        "not_measured": {
            "embedded backend (startup, query latency at 10^4 and 10^5)": (
                "there is no embedded backend yet: make_backend raises without NEO4J_URI"
            ),
            "10^6 memberships": "not run in this round (time); the harness takes --sizes 1000000",
        },
    }
    report("summary", summary(size_list), meta)
    console.print_json(json.dumps(meta["machine"]))


if __name__ == "__main__":
    main()
