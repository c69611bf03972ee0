"""Export throughput and peak memory: ``alliancekg export --from neo4j`` as N-Triples and
Turtle, the streaming N-Triples path the API uses (``Neo4jBackend.ntriples``), and
rdflib's own serializers over the same graph built in memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from bench.common import DATA, ROOT, peak_rss_mb, report, run_measured, seed_dir, sizes_arg


def rdflib_child(size: int, fmt: str) -> dict[str, Any]:
    """In a fresh process: build the graph from the seeds, then time rdflib's serializer."""
    from alliancekg.ingest.build import build_graph
    from alliancekg.ingest.reader import read_seeds
    from alliancekg.ontology.model import model

    m = model()
    g = build_graph(read_seeds([seed_dir(size)], m), m=m)
    before = peak_rss_mb()
    t = time.perf_counter()
    data = g.serialize(format=fmt, encoding="utf-8")
    s = time.perf_counter() - t
    return {
        "triples": len(g),
        "s": s,
        "bytes": len(data),
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_serialize_mb": before,
    }


def stream_child() -> dict[str, Any]:
    """In a fresh process: the API's streaming N-Triples path, written to a file."""
    from alliancekg.backends.neo4j import Neo4jBackend
    from bench.common import settings

    b = Neo4jBackend(settings())
    n = 0
    t = time.perf_counter()
    with open(DATA / "stream.nt", "wb") as f:
        for piece in b.ntriples():
            f.write(piece)
            n += piece.count(b"\n")
    s = time.perf_counter() - t
    b.close()
    return {"triples": n, "s": s, "peak_rss_mb": peak_rss_mb()}


def child(args: list[str]) -> dict[str, Any]:
    p = subprocess.run(
        [sys.executable, "-m", "bench.export", "--child", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in p.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line[7:])
    return result


def one_size(size: int) -> list[dict[str, Any]]:
    from bench.queries import load_in_child

    n = load_in_child(size)
    rows: list[dict[str, Any]] = []
    triples = 0
    for fmt in ("nt", "turtle"):
        out = DATA / f"export-{size}.{fmt}"
        r = run_measured(
            ["alliancekg", "export", "--from", "neo4j", "--format", fmt, "-o", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if fmt == "nt":
            triples = sum(1 for _ in out.open("rb"))
        rows.append(
            {
                "size": size,
                "memberships": n,
                "what": f"alliancekg export --from neo4j --format {fmt}",
                "triples": triples,
                "s": r["s"],
                "triples_per_s": triples / r["s"],
                "peak_rss_mb": r["peak_rss_mb"],
                "note": f"rc={r['rc']}; whole process (startup, read, map, serialize)",
            }
        )
    st = child(["stream"])
    rows.append(
        {
            "size": size,
            "memberships": n,
            "what": "Neo4jBackend.ntriples() (streaming, API path)",
            "triples": st["triples"],
            "s": st["s"],
            "triples_per_s": st["triples"] / st["s"],
            "peak_rss_mb": st["peak_rss_mb"],
            "note": "in-process time, excludes interpreter start",
        }
    )
    for fmt in ("turtle", "nt"):
        r = child(["rdflib", str(size), fmt])
        rows.append(
            {
                "size": size,
                "memberships": n,
                "what": f"rdflib Graph.serialize({fmt}) in memory",
                "triples": r["triples"],
                "s": r["s"],
                "triples_per_s": r["triples"] / r["s"],
                "peak_rss_mb": r["peak_rss_mb"],
                "note": f"serialize only; graph already built ({r['rss_before_serialize_mb']:.0f}"
                " MiB before)",
            }
        )
    base = next(r for r in rows if r["what"].startswith("rdflib Graph.serialize(turtle)"))
    for r in rows:
        r["x_rdflib_turtle"] = r["triples_per_s"] / base["triples_per_s"]
    return rows


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        if sys.argv[2] == "stream":
            r = stream_child()
        else:
            r = rdflib_child(int(sys.argv[3]), sys.argv[4])
        print("RESULT " + json.dumps(r))
        return
    rows: list[dict[str, Any]] = []
    for size in sizes_arg(sys.argv[1:]):
        rows += one_size(size)
    report("export", rows)


if __name__ == "__main__":
    main()
