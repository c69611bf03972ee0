"""Run every bench in one go: ``python -m bench`` (10^4 and 10^5 memberships) or
``python -m bench --quick`` (a smoke run at 10^3). Each bench runs in its own process,
prints its table and writes bench/results/<bench>.json; this writes summary.json.
All but ``embedded`` and ``identity`` need a Neo4j (``NEO4J_URI``); ``--only
embedded,identity`` runs without. ``identity`` reads ``--sizes`` as organisations."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

from bench.common import RESULTS, ROOT, console, fmt, machine, neo4j_peak_rss_mb, report, seed_dir

BENCHES = ["load", "queries", "api", "export", "embedded", "identity"]
# The benches that need a Neo4j server.
NEO4J_BENCHES = {"load", "queries", "api", "export"}
QUICK_ENV = {
    "BENCH_QUERY_RUNS": "5",
    "BENCH_API_SECONDS": "3",
    "BENCH_NAIVE_ROWS": "200",
    "BENCH_STARTUP_RUNS": "3",
    "BENCH_SPLIT_RUNS": "3",
}
TARGETS = {
    "load_memberships_per_s": 50_000,
    "load_x_naive": 20,
    "multi_alliance_p50_ms_at_1e6": 50,
    "api_req_per_s": 1_500,
    "api_p99_ms": 50,
    "nt_triples_per_s": 500_000,
    "nt_x_rdflib_turtle": 5,
    "embedded_startup_s": 2,
    "embedded_p50_ms_at_1e5": 50,
    "dedupe_s_at_1e5_orgs": 60,
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
    load, queries, api, export, embedded, identity = (_rows(n) for n in BENCHES)
    out += embedded_seeds(embedded)
    out += dedupe(identity)
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
            if r.get("size") == size and not r["case"].startswith("NAIVE") and "p50_ms" in r:
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
        out += embedded_size(embedded, size)
    return out


def dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``alliancekg dedupe`` end to end, against the target and all-pairs rapidfuzz."""
    target = TARGETS["dedupe_s_at_1e5_orgs"]
    base = {r["orgs"]: r for r in rows if r.get("part") == "baseline"}
    out = []
    for r in rows:
        if r.get("part") != "end to end":
            continue
        b = next((x for o, x in base.items() if abs(o - r["orgs"]) <= r["orgs"] // 10), None)
        out.append(
            {
                "size": f"{r['orgs']} orgs",
                "what": "dedupe: " + r["case"],
                "value": r["s"],
                "unit": "s",
                "target": target,
                "ratio_to_target": target / r["s"],
                "vs_baseline": b["s"] / r["s"] if b else None,
            }
        )
    return out


def embedded_seeds(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Startup of the embedded backend on the project's seeds, against the target."""
    target = TARGETS["embedded_startup_s"]
    out = []
    for r in rows:
        if r.get("size") != "seeds" or not r.get("s"):
            continue
        case = r["case"]
        if case.startswith("startup in process"):
            unit = "s"
        elif case == "fresh python -c: import + EmbeddedBackend(seeds)":
            unit = "s (whole fresh process: interpreter + imports + build)"
        else:
            continue
        out.append(
            {
                "size": "seeds",
                "what": f"embedded: {case}",
                "value": r["s"],
                "unit": unit,
                "target": target,
                "ratio_to_target": target / r["s"],
                "vs_baseline": None,
            }
        )
    return out


def embedded_size(rows: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """At one size: the embedded backend's startup, peak RSS and query p50s."""
    target = TARGETS["embedded_p50_ms_at_1e5"]
    out: list[dict[str, Any]] = []
    for r in rows:
        if r.get("size") != size:
            continue
        case = r.get("case", "")
        if case.startswith("startup total"):
            out.append(
                {
                    "size": size,
                    "what": f"embedded: {case}",
                    "value": r.get("s"),
                    "unit": f"s (peak {r.get('peak_rss_mb') or 0:.0f} MiB; {r.get('note', '')})",
                    "target": None,
                    "ratio_to_target": None,
                    "vs_baseline": None,
                }
            )
        elif case.startswith("peak RSS while answering"):
            out.append(
                {
                    "size": size,
                    "what": f"embedded: {case}",
                    "value": r.get("peak_rss_mb"),
                    "unit": "MiB",
                    "target": None,
                    "ratio_to_target": None,
                    "vs_baseline": None,
                }
            )
        elif r.get("part") == "queries" and not case.startswith("NAIVE") and r.get("p50_ms"):
            out.append(
                {
                    "size": size,
                    "what": f"embedded query: {case} p50",
                    "value": r["p50_ms"],
                    "unit": f"ms (p95 {fmt(r.get('p95_ms'))} ms)",
                    "target": target,
                    "ratio_to_target": target / r["p50_ms"],
                    "vs_baseline": r.get("x_naive_p50"),
                }
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="smoke run: 10^3 memberships, short")
    ap.add_argument("--sizes", help="membership counts, comma-separated (default 10000,100000)")
    ap.add_argument("--only", help=f"comma-separated subset of {','.join(BENCHES)}")
    ap.add_argument(
        "--summary-only",
        action="store_true",
        help="run nothing: rebuild summary.json from the results/*.json already there",
    )
    a = ap.parse_args()
    sizes = a.sizes or ("1000" if a.quick else "10000,100000")
    env = {**os.environ, **(QUICK_ENV if a.quick else {})}
    selected = [] if a.summary_only else a.only.split(",") if a.only else BENCHES
    if NEO4J_BENCHES & set(selected) and not env.get("NEO4J_URI"):
        raise SystemExit(
            'NEO4J_URI is not set: eval "$(scripts/neo4j-local env)" (or --only embedded)'
        )
    size_list = [int(x) for x in sizes.split(",")]
    t = time.perf_counter()
    for size in size_list if selected else []:
        with console.status(f"generating seeds for {size} memberships"):
            seed_dir(size)
    timings: dict[str, Any] = {"generate": {"s": time.perf_counter() - t}}
    previous: dict[str, Any] = {}
    if a.summary_only and (RESULTS / "summary.json").exists():
        # keep the machine block and wall times of the run that made the results
        previous = json.loads((RESULTS / "summary.json").read_text(encoding="utf-8"))["meta"]
        timings = previous.get("bench_wall", timings)
    for name in selected:
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
        "machine": previous.get("machine") or machine(),
        "sizes": size_list,
        "quick": a.quick,
        "bench_wall": timings,
        "neo4j_peak_rss_mb": previous.get("neo4j_peak_rss_mb")
        if a.summary_only
        else neo4j_peak_rss_mb(),
        "targets": TARGETS,
        "not_measured": {
            "10^6 memberships": "not run in this round (time); the harness takes --sizes 1000000",
        },
    }
    report("summary", summary(size_list), meta)
    console.print_json(json.dumps(meta["machine"]))


if __name__ == "__main__":
    main()
