"""Print bench/results/*.json as Markdown tables (for BENCHMARKS.md):
``python -m bench.markdown``."""

from __future__ import annotations

import json
import sys

from bench.common import RESULTS, fmt

ORDER = ["summary", "load", "queries", "api", "export"]
SKIP = {"note", "wall_s", "requests", "socket_errors"}


def table(name: str) -> str:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return f"_{name}: no results_\n"
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    cols: list[str] = []
    for r in rows:
        cols.extend(k for k in r if k not in cols and k not in SKIP)
    lines = [f"#### {name}", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        cells = [fmt(r.get(c)).replace("|", "/") for c in cols]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    names = sys.argv[1:] or ORDER
    print("\n".join(table(n) for n in names))


if __name__ == "__main__":
    main()
