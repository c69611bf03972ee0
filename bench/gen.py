"""Seed files at scale: ``alliancekg.ingest.synth`` plus persons, posts and quotes.

Deterministic (seeded): the same arguments always give the same files. The
files pass ``alliancekg validate``; ``python -m bench.gen --memberships N DIR``
writes them (``--tables``: the same scale as CSV tables, :func:`write_tables`).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

from alliancekg.ingest.synth import Scale, generate
from alliancekg.ingest.yamlio import write_seed_file

_FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]
_GIVEN = "민서준하지우도윤예은수현태희영호성진"
_FAMILY_EN = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"]
_TITLES = [({"ko": "대표", "en": "CEO"}), ({"ko": "부사장", "en": "Vice President"})]


def generate_extended(
    companies: int, alliances: int, memberships: int, out_dir: Path, seed: int = 42
) -> list[Path]:
    """Firms, alliances (power-law sizes), memberships (a third dated), segment
    assignments, and one person with a post per 20 firms and one quote per 50 firms."""
    files = generate(Scale(companies, alliances, memberships, 1, seed), out_dir)
    rng = random.Random(seed + 1)
    path = files[0]
    doc = yaml.load(
        path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    persons, posts, quotes = [], [], []
    for i in range(max(1, companies // 20)):
        k = rng.randrange(len(_FAMILY))
        given = "".join(rng.choice(_GIVEN) for _ in range(2))
        pid = f"p{i}"
        org = f"c{rng.randrange(companies)}"
        persons.append(
            {"id": pid, "name": {"ko": f"{_FAMILY[k]}{given}{i}", "en": f"{_FAMILY_EN[k]} {i}"}}
        )
        posts.append(
            {"id": f"post-{pid}", "person": pid, "organization": org, "title": rng.choice(_TITLES)}
        )
        if i % 5 < 2:  # two persons in five: one quote per 50 firms
            quotes.append(
                {
                    "id": f"q{i}",
                    "speaker": pid,
                    "speaker_post": f"post-{pid}",
                    "text": {"ko": f"협력은 필수입니다 {i}"},
                    "translation": {"en": f"Cooperation is essential {i}"},
                    "direct": False,
                    "about": [org, f"a{rng.randrange(alliances)}"],
                }
            )
    out: dict[str, Any] = {}
    for key in ("source", "organizations", "persons", "posts", "alliances", "memberships"):
        if key == "persons":
            out["persons"] = persons
        elif key == "posts":
            out["posts"] = posts
        else:
            out[key] = doc[key]
    out["quotes"] = quotes
    out["segment_assignments"] = doc["segment_assignments"]
    write_seed_file(path, out)
    return files


def write_tables(
    companies: int, alliances: int, memberships: int, out_dir: Path, seed: int = 42
) -> list[Path]:
    """The same scale as a table set, as an analyst keeps it: ``bench.organizations.csv``,
    ``bench.alliances.csv`` and ``bench.memberships.csv`` with one row per membership and
    the page it was read from (a page per 10 rows, on 500 sites). Members are named by
    id, Korean name or English name in turn; one row in ten states a membership again
    from another page (the reader merges them). Passes ``alliancekg validate``."""
    import csv

    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)

    def write(name: str, header: list[str], rows: Any) -> Path:
        path = out_dir / f"bench.{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        return path

    names = [(f"c{i}", f"기업{i}", f"Firm {i}") for i in range(companies)]
    orgs = write(
        "organizations",
        ["id", "kind", "name_ko", "name_en", "identifiers"],
        (
            [i, "company", ko, en, f"domain:firm{n}.example" if n % 50 == 0 else ""]
            for n, (i, ko, en) in enumerate(names)
        ),
    )
    alls = write(
        "alliances",
        ["id", "name_ko", "name_en", "status", "launched"],
        (
            [f"a{j}", f"연합{j}", f"Alliance {j}", "active", f"{2015 + j % 10}"]
            for j in range(alliances)
        ),
    )
    pages = max(1, memberships // 10)
    pairs: set[tuple[int, int]] = set()
    rows: list[list[str]] = []
    while len(rows) < memberships:
        c, a = rng.randrange(companies), rng.randrange(alliances)
        if (c, a) in pairs:
            continue
        pairs.add((c, a))
        role = rng.choice(["member", "member", "member", "founder", "lead"])
        joined = rng.choice(["", "", f"{2016 + a % 9}", f"{2016 + a % 9}-0{1 + c % 9}"])
        times = 2 if len(rows) % 10 == 0 else 1
        for _ in range(times):
            page = rng.randrange(pages)
            site = (
                f"news{page % 500}.example"
                if page % 7
                else f"www.firm{(page % companies) // 50 * 50}.example"
            )
            rows.append(
                [
                    names[c][len(rows) % 3],
                    f"a{a}",
                    role,
                    "active",
                    f"https://{site}/article/{page}",
                    joined,
                    f"Article {page}" if page % 3 == 0 else "",
                    "stated",
                ]
            )
    ships = write(
        "memberships",
        ["member", "alliance", "role", "status", "source_url", "joined", "source_title", "basis"],
        rows,
    )
    return [orgs, alls, ships]


def main() -> None:
    from bench.common import scale_for

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--memberships", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--tables", action="store_true", help="write CSV tables instead of YAML")
    ap.add_argument("out", type=Path)
    a = ap.parse_args()
    companies, alliances = scale_for(a.memberships)
    write = write_tables if a.tables else generate_extended
    for p in write(companies, alliances, a.memberships, a.out, a.seed):
        print(p)


if __name__ == "__main__":
    main()
