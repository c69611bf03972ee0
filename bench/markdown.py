"""Print bench/results/*.json as Markdown tables (for BENCHMARKS.md):
``python -m bench.markdown``."""

from __future__ import annotations

import json
import sys

from bench.common import RESULTS, fmt, parts

ORDER = ["summary", "load", "queries", "api", "export", "embedded"]
SKIP = {"note", "wall_s", "requests", "socket_errors"}


def table(name: str) -> str:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return f"_{name}: no results_\n"
    # the embedded bench's notes carry results (same answer, SHACL skipped, load average)
    skip = SKIP - {"note"} if name == "embedded" else SKIP
    out: list[str] = []
    for part, rows in parts(json.loads(path.read_text(encoding="utf-8"))["rows"]).items():
        cols: list[str] = []
        for r in rows:
            cols.extend(k for k in r if k not in cols and k not in skip and k != "part")
        title = f"{name}: {part}" if part else name
        lines = [f"#### {title}", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        for r in rows:
            cells = [fmt(r.get(c)).replace("|", "/") for c in cols]
            lines.append("| " + " | ".join(cells) + " |")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def main() -> None:
    names = sys.argv[1:] or ORDER
    print("\n".join(table(n) for n in names))


if __name__ == "__main__":
    main()
