"""``alliancekg validate``: check seed files."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from ..exc import InvalidData
from ..ingest.validation import validate_seeds
from .common import SeedsOpt, choose, handled, out, print_warnings, settings


class Report(StrEnum):
    text = "text"
    json = "json"


@handled
def validate(
    seeds: SeedsOpt = None,
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Check seed files against the ontology and the SHACL shapes (exit 1 when invalid)."""
    report = choose(Report, format, "format")
    s = settings(seeds)
    try:
        v = validate_seeds(s.seed_paths, s.base_iri)
    except InvalidData as e:
        if report is Report.json:
            problems = [p.as_dict() for p in e.problems]
            print(json.dumps({"valid": False, "problems": problems}, ensure_ascii=False, indent=2))
            raise typer.Exit(e.exit_code) from None
        raise
    entries = len(v.seeds.records)
    if report is Report.json:
        summary = {
            "valid": True,
            "files": v.seeds.files,
            "entries": entries,
            "triples": v.triples,
            "warnings": [w.as_dict() for w in v.seeds.warnings],
            "conflicts": len(v.seeds.conflicts),
        }
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_warnings(v.seeds.warnings)
        out.print(
            f"valid: {len(v.seeds.files)} files, {entries} entries, {v.triples} triples",
            highlight=False,
        )
        if v.seeds.conflicts:
            n = len(v.seeds.conflicts)
            out.print(
                f"{n} fact{'s' if n != 1 else ''} stated differently by different sources "
                "(alliancekg conflicts lists them)",
                highlight=False,
            )
