"""Commands about identity: ``dedupe`` (candidates, review, batch judgements) and
``conflicts`` (facts that sources state differently)."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..exc import UsageError
from ..identity.scoring import Candidate, Profile, candidates
from ..ingest import judgements
from ..ingest.profiles import profiles
from ..ingest.reader import read_seeds
from ..ingest.records import SeedSet
from ..ingest.resolve import AMBIGUOUS
from ..ingest.validation import validate_seeds
from .common import SeedsOpt, err, handled, out, settings

DECISIONS = {"s": "same", "d": "different", "u": "unsure"}


def _read(seeds: list[Path] | None, review: Path | None) -> SeedSet:
    """The seeds, read even when some references name several entities (the problem
    dedupe exists to solve), with the review file among them."""
    paths = settings(seeds).seed_paths
    if review is not None and review.exists():
        inside = any(
            review.resolve() == p.resolve() or p.resolve() in review.resolve().parents
            for p in paths
        )
        if not inside:
            paths = [*paths, review]
    return read_seeds(paths, tolerate=frozenset({AMBIGUOUS}))


def _show(c: Candidate, by_id: dict[str, Profile], seeds: SeedSet) -> Table:
    records = seeds.by_id()
    table = Table(title=f"{c.kind}: score {c.score:.2f}", show_lines=True)
    table.add_column("")
    table.add_column(c.a)
    table.add_column(c.b)

    def row(label: str, a: str, b: str) -> None:
        table.add_row(label, a, b)

    pa, pb = by_id[c.a], by_id[c.b]
    ra, rb = records.get(c.a), records.get(c.b)
    row("names", "\n".join(pa.names), "\n".join(pb.names))
    row("kind", pa.kind or "", pb.kind or "")
    row("alliances", ", ".join(sorted(pa.alliances)), ", ".join(sorted(pb.alliances)))
    row(
        "identifiers",
        ", ".join(f"{s}:{v}" for s, vs in pa.identifiers.items() for v in sorted(vs)),
        ", ".join(f"{s}:{v}" for s, vs in pb.identifiers.items() for v in sorted(vs)),
    )
    row(
        "sources",
        ", ".join(ra.sources) if ra else "",
        ", ".join(rb.sources) if rb else "",
    )
    row("where", ra.where if ra else "", rb.where if rb else "")
    table.add_row("reasons", "\n".join(c.reasons), "")
    return table


@handled
def dedupe(
    seeds: SeedsOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
    minimum: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="leave out weaker pairs")
    ] = 0.3,
    limit: Annotated[int | None, typer.Option(min=1, help="at most this many pairs")] = None,
    review: Annotated[
        Path | None,
        typer.Option(
            help="walk the candidates one by one and append each answer to this judgements "
            "file (a curation seed file; created if missing); stop with q and run again to go on",
        ),
    ] = None,
    accept_above: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="with --review: judge every pair scored at least this 'same', without asking",
        ),
    ] = None,
    by: Annotated[str | None, typer.Option(help="who judges (default: the user name)")] = None,
) -> None:
    """Score possible duplicates among organisations, persons and alliances, best first,
    leaving out pairs already judged; with --review, judge them."""
    if accept_above is not None and review is None:
        raise UsageError("--accept-above writes judgements: give the file with --review FILE")
    if review is not None:
        judgements.check_appendable(review)
    seeds_set = _read(seeds, review)
    found = profiles(seeds_set)
    by_id = {p.id: p for p in found}
    pairs = candidates(found, minimum=minimum, skip=seeds_set.judged)
    if limit is not None:
        pairs = pairs[:limit]
    if review is not None:
        _review(pairs, by_id, seeds_set, review, accept_above, by or getpass.getuser())
        return
    if as_json:
        rows = [
            {**c.as_dict(), "a_names": by_id[c.a].names, "b_names": by_id[c.b].names} for c in pairs
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Possible duplicates, most likely first", show_lines=True)
    for col in ("score", "kind", "a", "b", "reasons"):
        table.add_column(col, overflow="fold")
    for c in pairs:
        table.add_row(
            f"{c.score:.2f}",
            c.kind,
            f"{c.a}\n" + " / ".join(by_id[c.a].names[:3]),
            f"{c.b}\n" + " / ".join(by_id[c.b].names[:3]),
            "\n".join(c.reasons),
        )
    out.print(table)
    out.print(f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''}", highlight=False)


def _review(
    pairs: list[Candidate],
    by_id: dict[str, Profile],
    seeds: SeedSet,
    path: Path,
    accept_above: float | None,
    by: str,
) -> None:
    if accept_above is not None:
        chosen = [c for c in pairs if c.score >= accept_above]
        judgements.append(
            path,
            [
                judgements.Judgement(
                    c.a, c.b, "same", f"score {c.score:.2f}: " + "; ".join(c.reasons), by
                )
                for c in chosen
            ],
        )
        err.print(f"judged {len(chosen)} pairs the same in {path}", highlight=False)
        return
    done = 0
    for i, c in enumerate(pairs, 1):
        out.print(_show(c, by_id, seeds))
        answer = typer.prompt(
            f"[{i}/{len(pairs)}] same, different, unsure, skip or quit? (s/d/u/k/q)",
            default="k",
            show_default=False,
        ).strip()
        if answer.startswith("q"):
            break
        decision = DECISIONS.get(answer[:1])
        if decision is None:
            continue
        reason = typer.prompt("reason", default="; ".join(c.reasons)).strip()
        judgements.append(path, [judgements.Judgement(c.a, c.b, decision, reason, by)])
        done += 1
    err.print(f"{done} judgement{'s' if done != 1 else ''} written to {path}", highlight=False)


@handled
def conflicts(
    seeds: SeedsOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
) -> None:
    """Facts that sources state differently (dates, role, status), each source's claim
    beside the others; the graph keeps them all."""
    s = settings(seeds)
    found = validate_seeds(s.seed_paths, s.base_iri).seeds.conflicts
    if as_json:
        rows = [
            {
                "subject": c.subject,
                "fields": list(c.fields),
                "claims": [
                    {
                        "id": claim.record.id,
                        "sources": claim.record.sources,
                        "where": claim.record.where,
                        **{f: claim.values.get(f) for f in c.fields},
                    }
                    for claim in c.claims
                ],
                "notes": list(c.notes),
            }
            for c in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Facts that sources state differently", show_lines=True)
    for col in ("fact", "differs in", "claims", "notes"):
        table.add_column(col, overflow="fold")
    for c in found:
        claims = "\n".join(
            f"{', '.join(claim.record.sources)}: "
            + ", ".join(f"{f} {claim.values.get(f, ['—'])[0]}" for f in c.fields)
            for claim in c.claims
        )
        table.add_row(c.subject, ", ".join(c.fields), claims, "\n".join(c.notes))
    out.print(table)
    out.print(f"{len(found)} conflict{'s' if len(found) != 1 else ''}", highlight=False)
