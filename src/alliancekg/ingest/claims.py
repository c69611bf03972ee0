"""Ids of entries written without one, and facts that several sources state.

A relationship entry (a membership, a post, a segment assignment) gets the id
``<prefix>.<from>.<to>[.<start date>]`` (``m.sk-telecom.k-ai-alliance.y-1``); a
judgement ``j.<a>.<b>``. When two sources state one fact, their entries get one id:

* if they agree (role, status, dates, basis ...), they are one entry with both sources
  and every evidence sentence of either;
* if they disagree, each claim stays, as an entry of its own (its id ends in the id
  of the first source that states it; sources that state it alike share it), and
  :class:`Conflict` says where they differ; the answers show both, and
  ``alliancekg conflicts`` lists them.

Two entries of one file that would get one id are still an error: a file says a
thing once. Table rows are the exception, since one table holds the rows of many
pages: rows of one page that say the same are one entry, rows of one page that differ
are an error naming both.
"""

from __future__ import annotations

from typing import Any

from rdflib import Literal

from ..exc import Problem
from ..ontology import dates
from ..ontology.model import Kind
from ..ontology.vocab import AKG
from .records import UNRESOLVED, Claim, Conflict, Record

# Values that are how a source says a fact, not what it says: several entries stating
# one fact keep all of them.
_WORDING = frozenset({"evidence", "note", "sources"})


def derived_id(rec: Record, dated: bool = True) -> str:
    """The id of an entry written without one (``dated=False``: without its start date)."""
    c = rec.cls
    values = rec.values
    # A missing or unknown end (reported elsewhere) must not crash or collide.
    ident = ".".join(
        [c.id_prefix or c.local_name.lower(), *((values.get(k) or _NO_END)[0] for k in c.id_keys)]
    )
    if dated:
        for key in c.start_keys:
            if values.get(key):
                ident += "." + values[key][0].lower()
    return ident


_NO_END = [UNRESOLVED]


def _claim(rec: Record) -> dict[str, Any]:
    """What an entry says, apart from its wording and sources; a field it leaves out that
    has a default (``basis: stated``) says the default."""
    out = {
        k: v
        for k, v in rec.values.items()
        if k not in _WORDING and rec.cls.props[k].kind is not Kind.LANG
    }
    for prop in rec.cls.props.values():
        if prop.default is not None and prop.key not in out:
            d = prop.default
            out[prop.key] = [d.toPython() if isinstance(d, Literal) else d.removeprefix(str(AKG))]
    return out


def _differ(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The fields both claims give, and give differently: a field only one gives is
    something the other does not say, not a disagreement."""
    return [k for k in sorted(set(a) & set(b)) if sorted(a[k]) != sorted(b[k])]


def _subject(rec: Record) -> str:
    c = rec.cls
    if c.end_keys is not None:
        start = (rec.values.get(c.end_keys[0]) or ["?"])[0]
        end = (rec.values.get(c.end_keys[1]) or ["?"])[0]
        return f"{c.local_name.lower()} of {start} in {end}"
    return rec.id


def derive_ids(records: list[Record], problems: list[Problem]) -> list[Record]:
    """Give every relationship entry its id, joining one fact stated alike by several
    sources, and keeping apart (with ids of their sources) claims that differ."""
    taken: dict[str, Record] = {r.id: r for r in records if r.id}
    groups: dict[str, list[Record]] = {}
    out: list[Record] = []
    # An entry without a start date states the one dated fact of its two ends, when
    # there is exactly one (two dated ones are two spells, as a firm that left and
    # rejoined: the undated entry is then a fact of its own).
    spells: dict[str, set[str]] = {}
    dated_ids: dict[int, str] = {}  # by the record's identity
    for rec in records:
        if not rec.id and rec.cls.rel_from is not None:
            dated_ids[id(rec)] = own = derived_id(rec)
            spells.setdefault(derived_id(rec, dated=False), set()).add(own)
    for rec in records:
        if rec.id:
            out.append(rec)
            continue
        ident = dated_ids.get(id(rec)) or derived_id(rec)
        dated = spells.get(ident, set()) - {ident}
        if len(dated) == 1:
            ident = next(iter(dated))
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
        if same_file is not None and rec.merges and same_file.merges:
            same_page = next((g for g in group if g.source_id == rec.source_id), None)
            if same_page is not None:
                _repeat(same_page, rec, problems)
                continue
            same_file = None  # another page's row: a claim of its own source
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
        classes = _agreeing(group)
        if len(classes) == 1:
            _join(group)
            continue
        # Disagreement: each claim an entry of its own, named by its (first) source;
        # the sources that state one claim alike share its entry.
        out.remove(group[0])
        del taken[ident]
        for members in classes:
            first = members[0]
            _join(members)
            first.id = f"{ident}.{first.source_id}"
            out.append(first)
    return out


def _agreeing(group: list[Record]) -> list[list[Record]]:
    """The entries of one fact in classes that agree: each entry joins the first class
    every member of which it agrees with (a field only one gives is no disagreement)."""
    classes: list[tuple[list[Record], list[dict[str, Any]]]] = []
    for rec in group:
        claim = _claim(rec)
        for members, claims in classes:
            if not any(_differ(claim, other) for other in claims):
                members.append(rec)
                claims.append(claim)
                break
        else:
            classes.append(([rec], [claim]))
    return [members for members, _ in classes]


def _join(group: list[Record]) -> None:
    """Entries that state one fact alike: the first takes the others' sources, their
    wording and the fields only they give."""
    first = group[0]
    for other in group[1:]:
        for s in other.sources:
            if s not in first.sources:
                first.extra_sources.append(s)
        for key, values in other.values.items():
            have = first.values.setdefault(key, [])
            if key in _WORDING - {"sources"} or not have:
                have.extend(v for v in values if v not in have)


def _shown(rec: Record, key: str) -> str:
    return ", ".join(str(v[0] if isinstance(v, tuple) else v) for v in rec.values.get(key, []))


def _repeat(first: Record, rec: Record, problems: list[Problem]) -> None:
    """A table row that states again what an earlier row of the same page states: its
    wording joins that row; if it says something else, that is a problem naming both."""
    differs = next(iter(_differ(_claim(first), _claim(rec))), None)
    if differs is not None:
        where = f"row {first.line}" if first.label.endswith(f"row {first.line}") else first.label
        where += "" if first.file == rec.file else f" of {first.file}"
        problems.append(
            rec.problem(
                f"{where} states the same {rec.cls.local_name.lower()} with {differs} "
                f"'{_shown(first, differs)}', this row with '{_shown(rec, differs)}'; "
                "make them agree, or give this row its own id",
                differs,
            )
        )
        return
    for key, values in rec.values.items():
        have = first.values.setdefault(key, [])
        if key in _WORDING or not have:
            have.extend(v for v in values if v not in have)


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
        fields = sorted(
            {k for i, a in enumerate(claims) for b in claims[i + 1 :] for k in _differ(a, b)}
        )
        if not fields:
            continue
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
