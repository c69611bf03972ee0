"""Duplicate detection at scale: ``alliancekg dedupe`` on 10^4 and 10^5 organisations.

The organisations come from two sources. The first declares every firm (a Korean name
and its English name: a romanised stem and a descriptor); the second declares one firm in
twenty again under an id of its own, as another paper would write it: a legal form
added, a different romanisation or spacing, only the Korean or only the English name, a
lower-cased acronym. Those planted pairs are what dedupe must find; every other pair it
proposes is counted too (many are real look-alikes: names are drawn from a small pool of
syllables, as real firm names share words).

Measured, at each size (``--sizes`` counts organisations here):

- ``alliancekg dedupe --json --min-score 0.5`` end to end (a process: read, profiles,
  blocking, scoring, printing), wall time and peak RSS;
- in process, the phases: reading the seeds, building profiles, blocking, scoring;
- recall of the planted pairs among candidates scored ≥ 0.5, and how many other pairs
  were proposed;
- the baseline a user would reach for: every name against every name with rapidfuzz
  (``process.cdist``, ``token_sort_ratio``, all cores), at 10^4 in full and at 10^5 on a
  slice of rows scaled to all rows (its cost is linear in the rows), with its recall at a
  score cut-off of 85.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from alliancekg.identity.hangul import romanize
from alliancekg.identity.scoring import candidate_pairs, candidates
from alliancekg.ingest.profiles import profiles
from alliancekg.ingest.reader import read_seeds
from alliancekg.ingest.resolve import AMBIGUOUS
from alliancekg.ingest.yamlio import write_seed_file
from bench.common import DATA, report, run_measured, sizes_arg

# Syllables of real names: the common initials, vowels and finals combined (840 of the
# 11,172 Hangul syllables), so that names collide in sound about as often as real ones.
_INITIALS = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅓㅔㅗㅜㅡㅣㅕㅛ"
_FINALS = ["", "ㄱ", "ㄴ", "ㄹ", "ㅁ", "ㅇ"]
_JAMO_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JAMO_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JAMO_FINALS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]
_SYLLABLES = [
    chr(
        0xAC00 + (_JAMO_INITIALS.index(i) * 21 + _JAMO_VOWELS.index(v)) * 28 + _JAMO_FINALS.index(f)
    )
    for i in _INITIALS
    for v in _VOWELS
    for f in _FINALS
]
_DESCRIPTORS = [
    ("테크", "Tech"),
    ("랩", "Lab"),
    ("소프트", "Soft"),
    ("바이오", "Bio"),
    ("네트웍스", "Networks"),
    ("시스템즈", "Systems"),
    ("모빌리티", "Mobility"),
    ("에너지", "Energy"),
    ("로보틱스", "Robotics"),
    ("", ""),
]
PLANTED_EVERY = 20
SLICE_ROWS = 2_000


def _stem(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))


def _variant(rng: random.Random, ko: str, en: str, i: int) -> dict[str, Any]:
    """The same firm as a second source would name it."""
    kind = i // PLANTED_EVERY % 5
    if kind == 0:
        return {"ko": f"(주){ko}", "en": f"{en} Co., Ltd."}
    if kind == 1:
        return {"en": en.replace(" ", "").upper() if len(en) < 12 else en.lower()}
    if kind == 2:
        return {"ko": ko}
    if kind == 3:
        return {"en": f"{en} Inc."}
    spaced = " ".join(romanize(ch).capitalize() for ch in ko[:2]) + en[len(romanize(ko[:2])) :]
    return {"en": spaced}


def generate(orgs: int, out_dir: Path, seed: int = 7) -> tuple[list[Path], set[tuple[str, str]]]:
    """Two seed files (two sources) and the planted pairs; deterministic."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    first: list[dict[str, Any]] = []
    second: list[dict[str, Any]] = []
    planted: set[tuple[str, str]] = set()
    i = 0
    while len(first) < orgs:
        stem = _stem(rng)
        d_ko, d_en = rng.choice(_DESCRIPTORS)
        ko = stem + d_ko
        if ko in seen:
            continue
        seen.add(ko)
        en = (romanize(stem).capitalize() + (f" {d_en}" if d_en else "")).strip()
        oid = f"org{i}"
        first.append({"id": oid, "kind": "company", "name": {"ko": ko, "en": en}})
        if i % PLANTED_EVERY == 0:
            other = f"dup{i}"
            second.append({"id": other, "kind": "company", "name": _variant(rng, ko, en, i)})
            planted.add((min(oid, other), max(oid, other)))
        i += 1
    files = []
    for n, (src, entries) in enumerate((("registry", first), ("paper", second))):
        path = out_dir / f"{n}-{src}.yaml"
        write_seed_file(
            path,
            {
                "source": {
                    "id": src,
                    "kind": "curation",
                    "title": {"en": f"Synthetic {src}"},
                    "language": "ko",
                },
                "organizations": entries,
            },
        )
        files.append(path)
    return files, planted


def baseline(names: list[str], ids: list[str], rows: int) -> tuple[float, set[tuple[str, str]]]:
    """All pairs by rapidfuzz over the first ``rows`` names; seconds and pairs ≥ 85."""
    t = time.perf_counter()
    scores = process.cdist(
        names[:rows],
        names,
        scorer=fuzz.token_sort_ratio,
        processor=str.lower,
        dtype=np.uint8,
        score_cutoff=85,
        workers=-1,
    )
    s = time.perf_counter() - t
    found = set()
    for r, c in zip(*np.nonzero(scores), strict=True):
        if ids[r] != ids[c]:
            found.add((min(ids[r], ids[c]), max(ids[r], ids[c])))
    return s, found


def one_size(orgs: int) -> list[dict[str, Any]]:
    out_dir = DATA / f"identity-{orgs}"
    files, planted = generate(orgs, out_dir)
    rows: list[dict[str, Any]] = []
    cli = str(Path(sys.executable).parent / "alliancekg")
    cmd = [cli, "dedupe", "--json", "--min-score", "0.5"]
    for f in files:
        cmd += ["--seeds", str(f)]
    with open(out_dir / "dedupe.json", "wb") as sink:
        run = run_measured(cmd, stdout=sink)
    rows.append(
        {
            "part": "end to end",
            "orgs": orgs,
            "case": "alliancekg dedupe --json (CLI)",
            "s": run["s"],
            "rc": run["rc"],
            "peak_rss_mb": run["peak_rss_mb"],
        }
    )
    t = time.perf_counter()
    seeds = read_seeds(files, tolerate=frozenset({AMBIGUOUS}))
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    found = profiles(seeds)
    t_prof = time.perf_counter() - t
    t = time.perf_counter()
    compared = sum(1 for _ in candidate_pairs(found))
    t_block = time.perf_counter() - t
    t = time.perf_counter()
    pairs = candidates(found, minimum=0.5)
    t_score = time.perf_counter() - t
    proposed = {(min(c.a, c.b), max(c.a, c.b)) for c in pairs}
    hit = len(planted & proposed)
    for phase, s in (
        ("read seeds", t_read),
        ("profiles", t_prof),
        ("blocking (pairs only)", t_block),
        ("blocking + scoring", t_score),
    ):
        rows.append({"part": "phases", "orgs": orgs, "case": phase, "s": s})
    orgs_total = len(found)
    rows.append(
        {
            "part": "quality",
            "orgs": orgs_total,
            "case": "dedupe, score >= 0.5",
            "pairs_compared": compared,
            "all_pairs": orgs_total * (orgs_total - 1) // 2,
            "planted": len(planted),
            "recall": hit / len(planted),
            "other_pairs_proposed": len(proposed - planted),
        }
    )
    by_name = [(p.id, n) for p in found for n in p.names]
    ids = [i for i, _ in by_name]
    names = [n for _, n in by_name]
    slice_rows = min(len(names), SLICE_ROWS if orgs > 20_000 else len(names))
    s, base = baseline(names, ids, slice_rows)
    scale = len(names) / slice_rows
    rows.append(
        {
            "part": "baseline",
            "orgs": orgs_total,
            "case": "rapidfuzz cdist, all names x all names",
            "names": len(names),
            "rows_measured": slice_rows,
            "s": s * scale,
            "scaled_from_slice": scale > 1,
            "x_dedupe_scoring": s * scale / t_score,
            "recall_at_85": len(planted & base) / len(planted) if scale == 1 else None,
            "other_pairs_at_85": len(base - planted) if scale == 1 else None,
        }
    )
    return rows


def main() -> None:
    rows: list[dict[str, Any]] = []
    for size in sizes_arg():
        rows += one_size(size)
    report("identity", rows, {"planted_every": PLANTED_EVERY, "slice_rows": SLICE_ROWS})


if __name__ == "__main__":
    main()
