"""A deterministic generator of valid seed files at any scale.

Used by the benchmarks and by tests that need a load large enough to be
interrupted. The same arguments always give the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import RDF

from ..config import DEFAULT_BASE_IRI
from ..ontology.segments import segment_graph
from ..ontology.vocab import AKG
from .yamlio import write_seed_file

_KO_SYLLABLES = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초"
_EN_PARTS = [
    "Nova",
    "Quantum",
    "Blue",
    "Hyper",
    "Deep",
    "Bright",
    "Core",
    "Next",
    "Prime",
    "Meta",
    "Sky",
    "Data",
    "Cloud",
    "Logic",
    "Vision",
    "Wave",
    "Mind",
    "Link",
    "Smart",
    "Star",
]
_ROLES = ["member"] * 8 + ["founder"]


@dataclass(frozen=True)
class Scale:
    companies: int
    alliances: int
    memberships: int
    files: int = 1
    seed: int = 42


def _ko_name(rng: random.Random, i: int) -> str:
    return "".join(rng.choice(_KO_SYLLABLES) for _ in range(3)) + f"테크{i}"


def _en_name(rng: random.Random, i: int) -> str:
    return f"{rng.choice(_EN_PARTS)}{rng.choice(_EN_PARTS)} {i}"


def generate(scale: Scale, out_dir: Path) -> list[Path]:
    """Write ``scale.files`` seed files under ``out_dir``; return their paths.

    Alliance sizes follow a power law; a third of the memberships carry a
    year or a year-month, the rest are undated; one firm in ten has an alias.
    """
    rng = random.Random(scale.seed)
    segments = sorted(
        str(s).removeprefix(DEFAULT_BASE_IRI)
        for s in segment_graph().subjects(RDF.type, AKG.Segment)
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    companies = [f"c{i}" for i in range(scale.companies)]
    alliances = [f"a{i}" for i in range(scale.alliances)]
    weights = [1.0 / (i + 1) ** 1.1 for i in range(scale.alliances)]
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < min(scale.memberships, scale.companies * scale.alliances):
        batch = rng.choices(alliances, weights=weights, k=scale.memberships - len(pairs))
        for a in batch:
            pairs.add((rng.choice(companies), a))
    files: list[Path] = []
    per_file = -(-scale.companies // scale.files)
    membership_list = sorted(pairs)
    mem_per_file = -(-len(membership_list) // scale.files)
    for f in range(scale.files):
        src = f"synthetic-{f}"
        doc: dict[str, object] = {
            "source": {
                "id": src,
                "kind": "curation",
                "title": {"en": f"Synthetic source {f}", "ko": f"합성 출처 {f}"},
                "language": "en",
            },
        }
        orgs = []
        for i in range(f * per_file, min((f + 1) * per_file, scale.companies)):
            entry: dict[str, object] = {
                "id": f"c{i}",
                "kind": "company",
                "name": {"ko": _ko_name(rng, i), "en": _en_name(rng, i)},
            }
            if i % 10 == 0:
                entry["aliases"] = [f"C-{i}"]
            orgs.append(entry)
        if f == 0:
            orgs.extend(
                {
                    "id": a,
                    "name": {"ko": f"얼라이언스 {a}", "en": f"Alliance {a}"},
                    "status": "active",
                }
                for a in alliances
            )
        doc["organizations"] = [o for o in orgs if "status" not in o]
        if f == 0:
            doc["alliances"] = [o for o in orgs if "status" in o]
        mems = []
        for c, a in membership_list[f * mem_per_file : (f + 1) * mem_per_file]:
            m: dict[str, object] = {
                "member": c,
                "alliance": a,
                "role": rng.choice(_ROLES),
                "status": "active",
            }
            r = rng.random()
            if r < 0.2:
                m["joined"] = str(rng.randint(2015, 2025))
            elif r < 0.33:
                m["joined"] = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}"
            mems.append(m)
        doc["memberships"] = mems
        doc["segment_assignments"] = [
            {
                "organization": f"c{i}",
                "segment": rng.choice(segments),
                "basis": "curator_judgment",
                "reason": "synthetic",
            }
            for i in range(f * per_file, min((f + 1) * per_file, scale.companies), 3)
        ]
        path = out_dir / f"synthetic-{f:03d}.yaml"
        write_seed_file(path, doc)
        files.append(path)
    return files
