"""Ids of entries written without one, and facts that several sources state.

A relationship entry (a membership, a post, a segment assignment) gets the id
``<prefix>.<from>.<to>[.<start date>]`` (``m.sk-telecom.k-ai-alliance.y-1``); a
judgement ``j.<a>.<b>``. When two sources state one fact, their entries get one id:

* if they agree (role, status, dates, basis ...), they are one entry with both sources
  and every evidence sentence of either;
* if they disagree, each source's claim stays, as an entry of its own (its id ends in
  its source's id), and :class:`Conflict` says where they differ; the answers show
  both, and ``alliancekg conflicts`` lists them.

Two entries of one file that would get one id are still an error: a file says a
thing once.
"""

from __future__ import annotations

from typing import Any

from ..exc import Problem
from ..ontology import dates
from ..ontology.model import Kind
from .records import UNRESOLVED, Claim, Conflict, Record

# Values that are how a source says a fact, not what it says.
_WORDING = frozenset({"evidence", "sources"})


def derived_id(rec: Record) -> str:
    """The id of an entry written without one."""
    c = rec.cls
    if c.rel_from is not None and c.rel_to is not None:
        keys = {p.iri: p.key for p in c.props.values()}
        # A missing or unknown end (reported elsewhere) must not crash or collide.
        parts = [
            (rec.values.get(keys[c.rel_from]) or [UNRESOLVED])[0],
            (rec.values.get(keys[c.rel_to]) or [UNRESOLVED])[0],
        ]
    else:
        parts = [
            (rec.values.get(p.key) or [UNRESOLVED])[0]
            for p in sorted(c.props.values(), key=lambda p: p.key)
            if p.id_part
        ]
    ident = ".".join([c.id_prefix or c.local_name.lower(), *parts])
    for prop in c.props.values():
        if prop.starts and rec.values.get(prop.key):
            ident += "." + rec.values[prop.key][0].lower()
    return ident


def _claim(rec: Record) -> dict[str, Any]:
    """What an entry says, apart from its wording and sources."""
    return {
        k: v
        for k, v in rec.values.items()
        if k not in _WORDING and rec.cls.props[k].kind is not Kind.LANG
    }


def _subject(rec: Record) -> str:
    c = rec.cls
    keys = {p.iri: p.key for p in c.props.values()}
    if c.rel_from is not None and c.rel_to is not None:
        start = (rec.values.get(keys[c.rel_from]) or ["?"])[0]
        end = (rec.values.get(keys[c.rel_to]) or ["?"])[0]
        return f"{c.local_name.lower()} of {start} in {end}"
    return rec.id


def derive_ids(records: list[Record], problems: list[Problem]) -> list[Record]:
    """Give every relationship entry its id, joining one fact stated alike by several
    sources, and keeping apart (with ids of their sources) claims that differ."""
    taken: dict[str, Record] = {r.id: r for r in records if r.id}
    groups: dict[str, list[Record]] = {}
    out: list[Record] = []
    for rec in records:
        if rec.id:
            out.append(rec)
            continue
        ident = derived_id(rec)
        if UNRESOLVED in ident.split("."):
            rec.id = ident
            out.append(rec)
            continue
        group = groups.setdefault(ident, [])
        clash = taken.get(ident)
        if clash is not None and clash not in group:
            problems.append(
                rec.problem(
                    f"two entries would both get the id '{ident}'; give one an explicit 'id'"
                )
            )
            continue
        same_file = next((g for g in group if g.file == rec.file), None)
        if same_file is not None:
            problems.append(
                rec.problem(
                    f"two entries would both get the id '{ident}' (the other at "
                    f"{same_file.where}); give one an explicit 'id'"
                )
            )
            continue
        group.append(rec)
        if len(group) == 1:
            rec.id = ident
            taken[ident] = rec
            out.append(rec)
    for ident, group in groups.items():
        if len(group) < 2:
            continue
        first = group[0]
        claims = [_claim(r) for r in group]
        if all(c == claims[0] for c in claims[1:]):
            for other in group[1:]:
                for s in other.sources:
                    if s not in first.sources:
                        first.extra_sources.append(s)
                for key in _WORDING - {"sources"}:
                    for v in other.values.get(key, []):
                        if v not in first.values.setdefault(key, []):
                            first.values[key].append(v)
            continue
        # Disagreement: each claim an entry of its own, named by its source.
        out.remove(first)
        del taken[ident]
        for rec in group:
            rec.id = f"{ident}.{rec.source_id}"
            out.append(rec)
    return out


def conflicts(records: list[Record], published: dict[str, str]) -> list[Conflict]:
    """Facts that sources state differently: relationship entries between the same two
    entities, from different sources, that differ in what they say (role, status,
    dates, basis ...). Dates are compared as far as their precision allows, a relative
    date through its source's publication date (``published``: source id → date)."""
    groups: dict[tuple[str, str], list[Record]] = {}
    for rec in records:
        c = rec.cls
        if c.rel_from is None or c.rel_to is None:
            continue
        groups.setdefault((c.local_name, _subject(rec)), []).append(rec)
    out: list[Conflict] = []
    for (_kind, subject), group in sorted(groups.items()):
        if len({r.source_id for r in group}) < 2:
            continue
        claims = [_claim(r) for r in group]
        if all(c == claims[0] for c in claims[1:]):
            continue
        fields = sorted({k for c in claims for k in c if any(c.get(k) != d.get(k) for d in claims)})
        notes = [
            note
            for i, a in enumerate(group)
            for b in group[i + 1 :]
            if a.source_id != b.source_id
            for key in fields
            if a.cls.props[key].kind is Kind.DATE
            if (note := date_notes(a, b, key, published)) is not None
        ]
        out.append(
            Conflict(
                subject,
                tuple(fields),
                tuple(Claim(r, c) for r, c in zip(group, claims, strict=True)),
                tuple(notes),
            )
        )
    return out


def date_notes(a: Record, b: Record, key: str, published: dict[str, str]) -> str | None:
    """Whether two sources' dates of one fact can both be true, in words."""
    va, vb = (a.values.get(key) or [None])[0], (b.values.get(key) or [None])[0]
    if va is None or vb is None or va == vb:
        return None
    resolved = []
    for rec, value in ((a, va), (b, vb)):
        if value.startswith("Y"):
            base = published.get(rec.source_id)
            absolute = dates.resolve_relative(value, base) if base else None
            if absolute is None:
                other = vb if rec is a else va
                return (
                    f"{key}: {value} ({rec.source_id}) is relative to a source whose "
                    f"publication date is unknown; cannot tell whether it agrees with {other}"
                )
            resolved.append((value, absolute, rec.source_id))
        else:
            resolved.append((value, value, rec.source_id))
    (wa, xa, sa), (wb, xb, sb) = resolved
    n = min(len(xa), len(xb))
    verdict = "consistent" if xa[:n] == xb[:n] else "inconsistent"
    shown_a = wa if wa == xa else f"{wa} (= {xa})"
    shown_b = wb if wb == xb else f"{wb} (= {xb})"
    return f"{key}: {shown_a} in {sa}, {shown_b} in {sb}: {verdict}"
