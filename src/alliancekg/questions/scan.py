"""Whole-graph questions answered in Python from the property graph.

The embedded store answers a question about one entity from its indexes. A
question about many memberships or segments at once ("which firms are in N
alliances?", "what do two large alliances share?", "which segments does this
alliance lack?") becomes scans and joins per row in SPARQL: seconds to minutes at
10^4-10^5 memberships. :class:`Memberships` indexes a property graph once: the
memberships by member and by alliance, the segment assignments by organisation, the
parents. The functions in :data:`FAST` answer those questions from it: the records
of the question's SPARQL form, in the same order (a nested list the form leaves
unordered comes sorted by id). Tests check every one against the SPARQL form and,
in the parity test, against Neo4j. The SPARQL forms stay as they are, for any
triple store that holds the exported RDF.

Each function takes the parameter values as :meth:`Backend.run` prepares them
(defaults filled in, checked) and applies ``limit``/``offset`` itself, building only
the records of the page. A ``#:then`` step named in :data:`THEN_STEP` runs after it,
as after the SPARQL form.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..ontology.dates import Certainty, member_on
from ..ontology.model import model
from ..rdf.propertygraph import Node, PropertyGraph, Rel, lang_key, without_index_keys
from .params import cut

Answer = list[dict[str, Any]]
T = TypeVar("T")

# Membership statuses that count as being in an alliance now.
_NOW = frozenset({"active", "proposed"})
_PROPOSED = "proposed"
_ENDED = "ended"
# the statuses members_as_of weighs against a date, and what it shows of a membership
_HELD = frozenset({"active", "ended"})
_AS_OF_FIELDS = ("membership", "role", "status", "joined", "left", "date_certainty", "sources")


# a firm's membership as multi_alliance_* weighs it: the membership, its status, the
# alliance's status, and (joined, left, has it ended)
_FirmMembership = tuple[Rel, Any, Any, tuple[Any, Any, bool]]


class Memberships:
    """A property graph's memberships by member and by alliance, its segment
    assignments by organisation (each list in id order), its segments, and each
    organisation's parent. Built once; read by any number of threads."""

    def __init__(self, pg: PropertyGraph) -> None:
        m = model()
        alliances = m.section("alliances")
        memberships = m.section("memberships")
        organizations = m.section("organizations")
        assignments = m.section("segment_assignments")
        assert alliances is not None and memberships is not None and organizations is not None
        assert assignments is not None
        self.alliance_label = alliances.label
        self.organization_label = organizations.label
        self.company_label = m.kinds(organizations)["company"].label
        segment_label = m.classes[assignments.props["segment"].range].label
        self.segment_label = segment_label
        parent = organizations.props["parent"].rel_type
        quotes = m.section("quotes")
        assert quotes is not None
        about = quotes.props["about"].rel_type
        said_by = quotes.props["speaker"].rel_type
        proposed_by = alliances.props["proposed_by"].rel_type
        self.person_label = m.classes[quotes.props["speaker"].range].label
        self.fact_labels: dict[str, str] = {}
        for name in ("figures", "events", "quotes"):
            fact = m.section(name)
            assert fact is not None and fact.label is not None
            self.fact_labels[name] = fact.label
        self.nodes = pg.nodes
        self.of_member: dict[str, list[Rel]] = {}
        self.of_alliance: dict[str, list[Rel]] = {}
        self.parent: dict[str, str] = {}
        # what each organisation is part of, the organisations part of each, and the
        # posts held in each
        part_of = organizations.props["part_of"].rel_type
        self.part_of: dict[str, str] = {}
        self.units: dict[str, list[str]] = {}
        self.posts: dict[str, list[Rel]] = {}
        posts = m.section("posts")
        assert posts is not None
        # segment assignments by organisation, and the segments in id order
        self.placed: dict[str, list[Rel]] = {}
        # what is said about each node (figures, events, quotes), each quote's
        # speakers, each alliance's proposers
        self.about: dict[str, list[str]] = {}
        self.said_by: dict[str, list[str]] = {}
        self.proposed_by: dict[str, list[str]] = {}
        by_end = {about: self.about}
        by_start = {said_by: self.said_by, proposed_by: self.proposed_by}
        self.segments = sorted(i for i, n in pg.nodes.items() if segment_label in n.labels)
        self.segment_set = frozenset(self.segments)
        for rel in pg.rels.values():
            if rel.type == memberships.rel_type:
                alliance = pg.nodes.get(rel.end)
                if alliance is None or self.alliance_label not in alliance.labels:
                    continue
                if rel.start not in pg.nodes:
                    continue
                self.of_member.setdefault(rel.start, []).append(rel)
                self.of_alliance.setdefault(rel.end, []).append(rel)
            elif rel.type == parent:
                self.parent[rel.start] = rel.end
            elif rel.type == part_of:
                if rel.end in pg.nodes:
                    self.part_of[rel.start] = rel.end
                if rel.start in pg.nodes:
                    self.units.setdefault(rel.end, []).append(rel.start)
            elif rel.type == posts.rel_type and rel.start in pg.nodes:
                self.posts.setdefault(rel.end, []).append(rel)
            elif rel.type == assignments.rel_type and rel.end in pg.nodes:
                self.placed.setdefault(rel.start, []).append(rel)
            elif rel.type in by_end and rel.start in pg.nodes:
                by_end[rel.type].setdefault(rel.end, []).append(rel.start)
            elif rel.type in by_start and rel.end in pg.nodes:
                by_start[rel.type].setdefault(rel.start, []).append(rel.end)
        for rels in self.of_member.values():
            rels.sort(key=lambda r: (r.end, r.id or ""))
        for rels in self.of_alliance.values():
            rels.sort(key=lambda r: (r.start, r.id or ""))
        for rels in self.placed.values():
            rels.sort(key=lambda r: (r.end, r.id or ""))
        for rels in self.posts.values():
            rels.sort(key=lambda r: (r.start, r.id or ""))
        for units in self.units.values():
            units.sort()
        for index in (self.about, self.said_by, self.proposed_by):
            for ends in index.values():
                ends.sort()
        # every alliance's status (None when it has none), by id
        self.alliance_status: dict[str, Any] = {
            i: n.props.get("status") for i, n in pg.nodes.items() if self.alliance_label in n.labels
        }
        self._tops: dict[str, str] = {}
        # multi_alliance_*'s counts without a date, by (include_proposed, by group)
        self.now: dict[tuple[bool, bool], _Counted] = {}
        # competitor_pairs' pairs, by include_proposed
        self.pairs: dict[bool, _Pairs] = {}
        # what an answer shows of each membership (worked out when first asked for), by
        # id() of its Rel: every Rel lives as long as this index, in of_member
        self._fields: dict[int, tuple[Any, ...]] = {}
        self._names = [lang_key("name", lang) for lang in m.languages]
        self._searchable: list[_Searchable] | None = None
        self._firm_memberships: list[tuple[str, list[_FirmMembership]]] | None = None

    def is_alliance(self, ident: str) -> bool:
        node = self.nodes.get(ident)
        return node is not None and self.alliance_label in node.labels

    def members_now(self, alliance: str) -> set[str]:
        """The members with an active or proposed membership of ``alliance``."""
        return {
            r.start for r in self.of_alliance.get(alliance, ()) if r.props.get("status") in _NOW
        }

    def alliances_of(self, member: str, include_proposed: bool) -> list[str]:
        """The alliances ``member`` is in now, in id order: active or proposed
        memberships; without ``include_proposed``, active ones of alliances that are
        not proposed."""
        out: list[str] = []
        for rel in self.of_member.get(member, ()):
            status = rel.props.get("status")
            alliance_status = self.nodes[rel.end].props.get("status")
            if status not in _NOW or alliance_status is None:
                continue
            counts = include_proposed or (status == "active" and alliance_status != _PROPOSED)
            if counts and (not out or out[-1] != rel.end):
                out.append(rel.end)
        return out

    def held(self, rel: Rel, certainty: str, with_member: bool) -> dict[str, Any]:
        """What an answer shows of a membership: its alliance and the alliance's names,
        its id, role, status, dates, ``certainty`` on the day asked about, basis and
        sorted sources, and with ``with_member`` the member and its names."""
        found = self._fields.get(id(rel))
        if found is None:
            found = self._fields[id(rel)] = self._membership_fields(rel)
        a, a_ko, a_en, m, role, status, joined, left, basis, sources = found
        record = {
            "alliance": a,
            "alliance_ko": a_ko,
            "alliance_en": a_en,
            "membership": m,
            "role": role,
            "status": status,
            "joined": joined,
            "left": left,
            "date_certainty": certainty,
            "basis": basis,
            "sources": list(sources) if sources is not None else None,
        }
        if with_member:
            record["member"] = rel.start
            record["member_ko"], record["member_en"] = self.names(rel.start)
        return record

    def _membership_fields(self, rel: Rel) -> tuple[Any, ...]:
        props = rel.props
        sources = props.get("sources")
        return (
            rel.end,
            *self.names(rel.end),
            rel.id,
            props.get("role"),
            props.get("status"),
            props.get("joined"),
            props.get("left"),
            props.get("basis"),
            tuple(sorted(set(sources))) if sources else None,
        )

    def firm_memberships(self) -> list[tuple[str, list[_FirmMembership]]]:
        """Each firm's memberships of alliances with a status (both forms of
        multi_alliance_* ask for it), in alliance and id order: the membership, its
        status, the alliance's status, and (joined, left, has it ended). Worked out when
        first asked for; an alliance in an alliance is not a firm."""
        found = self._firm_memberships
        if found is None:
            status_of = self.alliance_status
            found = []
            for member, rels in self.of_member.items():
                if member in status_of:
                    continue
                rows: list[_FirmMembership] = []
                for rel in rels:
                    of_alliance = status_of[rel.end]
                    if of_alliance is None:
                        continue
                    props = rel.props
                    status = props.get("status")
                    dates = (props.get("joined"), props.get("left"), status == _ENDED)
                    rows.append((rel, status, of_alliance, dates))
                found.append((member, rows))
            self._firm_memberships = found
        return found

    def in_alliance(self, member: str) -> bool:
        """Has ``member`` an active membership of an active alliance?"""
        return any(
            rel.props.get("status") == "active"
            and self.nodes[rel.end].props.get("status") == "active"
            for rel in self.of_member.get(member, ())
        )

    def companies(self) -> list[str]:
        return sorted(i for i, n in self.nodes.items() if self.company_label in n.labels)

    def names(self, ident: str) -> tuple[Any, Any]:
        props = self.nodes[ident].props
        return props.get("name_ko"), props.get("name_en")

    def named(self, ident: str) -> dict[str, Any]:
        """``{id, name_ko, name_en}``: how an answer names an entity."""
        name_ko, name_en = self.names(ident)
        return {"id": ident, "name_ko": name_ko, "name_en": name_en}

    def kind(self, node: Node) -> str | None:
        """The node's label other than the organisation's (``Company``, ``Alliance``…)."""
        return next((x for x in node.labels if x != self.organization_label), None)

    def searchable(self) -> list[_Searchable]:
        """The organisations, people and segments in id order, each with its names,
        aliases and kinds (worked out when first asked for)."""
        found = self._searchable
        if found is None:
            indexed = {self.organization_label, self.person_label, self.segment_label}
            found = []
            for ident in sorted(self.nodes):
                node = self.nodes[ident]
                if indexed.isdisjoint(node.labels):
                    continue
                props = node.props
                names = [
                    v
                    for key in self._names
                    for v in _listed(props.get(key))  # one per language: each is its own label
                ]
                aliases = sorted(set(_listed(props.get("aliases"))))
                kinds = sorted(x for x in node.labels if x != self.organization_label)
                found.append(_Searchable(ident, names, aliases, kinds))
            self._searchable = found
        return found

    def top(self, ident: str) -> str:
        """The organisation at the top of ``ident``'s parents; itself without a parent,
        or when the parents go round in a circle (no top to reach)."""
        found = self._tops.get(ident)
        if found is None:
            found = self._tops[ident] = _chain_top(self.parent, ident) or ident
        return found


def _chain_top(links: dict[str, str], ident: str) -> str | None:
    """The end of the chain of ``links`` from ``ident``: None when ``ident`` has no link,
    or when the chain goes round in a circle (no top to reach)."""
    seen = {ident}
    at = links.get(ident)
    while at is not None and at in links:
        seen.add(at)
        at = links[at]
        if at in seen:
            return None
    return at


@dataclass(frozen=True)
class _Searchable:
    ident: str
    names: list[str]
    aliases: list[str]  # distinct, sorted
    kinds: list[str]  # its labels but the organisation's


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _sources(rel: Rel) -> list[str] | None:
    sources = rel.props.get("sources")
    return sorted(set(sources)) if sources else None


def _page(answer: list[T], values: dict[str, Any]) -> list[T]:
    return cut(answer, values.get("offset") or 0, values.get("limit"))


_CERTAIN = Certainty.CERTAIN.value
# member_on's verdicts as the answer shows them (None: not a member on that day)
_VERDICT = {Certainty.CERTAIN: _CERTAIN, Certainty.UNCERTAIN: Certainty.UNCERTAIN.value}


@dataclass(frozen=True)
class _Counted:
    """Who is in how many alliances: ``ranked`` holds (minus the count, the firm or
    group, how many of those alliances are certain on the day), most alliances first,
    then by id; ``held`` the memberships counted, with their certainty."""

    ranked: list[tuple[int, str, int]]
    negated: list[int]
    held: dict[str, list[tuple[Rel, str]]]


def _counted(index: Memberships, proposed: bool, day: dt.date | None, by_group: bool) -> _Counted:
    held: dict[str, list[tuple[Rel, str]]] = {}
    verdicts: dict[tuple[Any, Any, bool], str | None] = {}
    for member, rows in index.firm_memberships():
        counted: list[tuple[Rel, str]] = []
        for rel, status, of_alliance, dates in rows:
            if not proposed and (status == _PROPOSED or of_alliance == _PROPOSED):
                continue
            if day is None:
                if status not in _NOW:
                    continue
                counted.append((rel, _CERTAIN))
            else:
                # many memberships share their dates: each verdict is worked out once
                if dates in verdicts:
                    certainty = verdicts[dates]
                else:
                    certainty = verdicts[dates] = _VERDICT.get(member_on(*dates, day))
                if certainty is not None:
                    counted.append((rel, certainty))
        if not counted:
            continue
        if by_group:
            held.setdefault(index.top(member), []).extend(counted)
        else:
            held[member] = counted  # in alliance and id order already
    ranked: list[tuple[int, str, int]] = []
    for key, items in held.items():
        if by_group:
            items.sort(key=lambda x: (x[0].end, x[0].id or ""))
        count = len({rel.end for rel, _ in items})
        # without a date, every membership counted is certain
        certain = count if day is None else len({r.end for r, c in items if c == _CERTAIN})
        ranked.append((-count, key, certain))
    ranked.sort()
    return _Counted(ranked, [r[0] for r in ranked], held)


def _multi(index: Memberships, values: dict[str, Any], by_group: bool) -> Answer:
    """multi_alliance_firms, or multi_alliance_groups with ``by_group``. Without a date
    the counts are worked out once per backend (the graph does not change); as of a
    date, for every question."""
    least: int = values["min_alliances"]
    proposed: bool = values["include_proposed"]
    as_of: str | None = values["as_of"]
    if as_of is None:
        kept = (proposed, by_group)
        counted = index.now.get(kept)
        if counted is None:
            counted = index.now[kept] = _counted(index, proposed, None, by_group)
    else:
        counted = _counted(index, proposed, dt.date.fromisoformat(as_of), by_group)
    # most alliances first: those in at least `least` come before the rest
    reaching = counted.ranked[: bisect_right(counted.negated, -least)]
    out: Answer = []
    held = index.held
    for negative, key, certain in _page(reaching, values):
        node = index.nodes[key]
        out.append(
            {
                "id": key,
                "name_ko": node.props.get("name_ko"),
                "name_en": node.props.get("name_en"),
                "kind": index.kind(node),
                "alliance_count": -negative,
                "dates_certain": certain >= least,
                "memberships": [held(rel, c, by_group) for rel, c in counted.held[key]],
            }
        )
    return out


def multi_alliance_firms(index: Memberships, values: dict[str, Any]) -> Answer:
    return _multi(index, values, by_group=False)


def multi_alliance_groups(index: Memberships, values: dict[str, Any]) -> Answer:
    return _multi(index, values, by_group=True)


def alliance_overlap(index: Memberships, values: dict[str, Any]) -> Answer:
    a: str = values["a"]
    b: str = values["b"]
    if not (index.is_alliance(a) and index.is_alliance(b)):
        return []
    now = {
        x: {rel.start for rel in index.of_alliance.get(x, ()) if rel.props.get("status") in _NOW}
        for x in (a, b)
    }
    shared = now[a] & now[b]
    size_a, size_b, n = len(now[a]), len(now[b]), len(shared)
    union = size_a + size_b - n
    records = []
    # the page of shared members, by id: only its members are built
    for s in _page(sorted(shared), values):
        member = index.nodes[s].props
        records.append(
            {
                "id": s,
                "name_ko": member.get("name_ko"),
                "name_en": member.get("name_en"),
                "memberships": [
                    {
                        "alliance": rel.end,
                        "role": rel.props.get("role"),
                        "status": rel.props.get("status"),
                        "sources": _sources(rel),
                    }
                    for rel in index.of_member[s]
                    if rel.end in (a, b) and rel.props.get("status") in _NOW
                ],
            }
        )
    first, second = index.nodes[a].props, index.nodes[b].props
    return [
        {
            "a": a,
            "a_ko": first.get("name_ko"),
            "a_en": first.get("name_en"),
            "size_a": size_a,
            "b": b,
            "b_ko": second.get("name_ko"),
            "b_en": second.get("name_en"),
            "size_b": size_b,
            "shared_count": n,
            "jaccard": 0.0 if union == 0 else n / union,
            "overlap_coefficient": 0.0 if size_a == 0 or size_b == 0 else n / min(size_a, size_b),
            "shared": records,
        }
    ]


def overlap_matrix(index: Memberships, values: dict[str, Any]) -> Answer:
    proposed: bool = values["include_proposed"]
    nodes = index.nodes
    alliances = sorted(
        i
        for i, n in nodes.items()
        if index.alliance_label in n.labels
        and n.props.get("status") is not None
        and (proposed or n.props.get("status") != _PROPOSED)
    )
    shared = _shared_counts(index, alliances)
    named = [index.names(a) for a in alliances]
    out: Answer = []
    for i, a in enumerate(alliances):
        a_ko, a_en = named[i]
        row = shared[i]
        for j, b in enumerate(alliances):
            b_ko, b_en = named[j]
            out.append(
                {
                    "a": a,
                    "a_ko": a_ko,
                    "a_en": a_en,
                    "b": b,
                    "b_ko": b_ko,
                    "b_en": b_en,
                    "shared": row[j],
                }
            )
    return out


def _shared_counts(index: Memberships, alliances: list[str]) -> list[list[int]]:
    """How many members now each two of ``alliances`` share (each one's own size on the
    diagonal), by position. Counted per member rather than by intersecting every two
    sets: each member adds one to every pair of the alliances it is in, all members in
    the same number of alliances at once (numpy's ``bincount``)."""
    import numpy as np  # here: start-up does not need it

    n = len(alliances)
    held: dict[str, list[int]] = {}
    for i, a in enumerate(alliances):
        for member in index.members_now(a):
            held.setdefault(member, []).append(i)
    by_size: dict[int, list[list[int]]] = {}
    for positions in held.values():
        by_size.setdefault(len(positions), []).append(positions)
    counts = np.zeros(n * n, dtype=np.int64)
    for rows in by_size.values():
        at = np.asarray(rows, dtype=np.int64)  # members x alliances each is in
        pairs = at[:, :, None] * n + at[:, None, :]
        counts += np.bincount(pairs.ravel(), minlength=n * n)
    return counts.reshape(n, n).tolist()


def bridge_firms(index: Memberships, values: dict[str, Any]) -> Answer:
    """Firms that are the only member two alliances share. Each firm adds one to every
    pair of the alliances it is in, and its position to the pair's sum, all firms in
    the same number of alliances at once (numpy's ``bincount``): where a pair counts
    one firm, the sum is that firm."""
    import numpy as np  # here: start-up does not need it

    proposed: bool = values["include_proposed"]
    alliances = sorted(index.alliance_status)
    n = len(alliances)
    at = {a: i for i, a in enumerate(alliances)}
    firms: list[str] = []
    by_size: dict[int, tuple[list[int], list[list[int]]]] = {}
    for member in index.of_member:
        if index.is_alliance(member):
            continue
        held = index.alliances_of(member, proposed)  # in id order: pairs come a < b
        if len(held) < 2:
            continue
        who, rows = by_size.setdefault(len(held), ([], []))
        who.append(len(firms))
        rows.append([at[a] for a in held])
        firms.append(member)
    counts = np.zeros(n * n, dtype=np.int64)
    sums = np.zeros(n * n, dtype=np.int64)
    for k, (who, rows) in by_size.items():
        first, second = np.triu_indices(k, 1)
        held_at = np.asarray(rows, dtype=np.int64)
        codes = held_at[:, first] * n + held_at[:, second]  # firms x pairs
        counts += np.bincount(codes.ravel(), minlength=n * n)
        owners = np.repeat(np.asarray(who, dtype=np.int64), len(first))
        sums += np.bincount(codes.ravel(), weights=owners, minlength=n * n).astype(np.int64)
    pairs: dict[str, list[tuple[str, str]]] = {}
    for code in np.flatnonzero(counts == 1).tolist():
        a, b = divmod(code, n)
        pairs.setdefault(firms[int(sums[code])], []).append((alliances[a], alliances[b]))
    out: Answer = []
    for firm, bridged in sorted(pairs.items(), key=lambda x: (-len(x[1]), x[0])):
        name_ko, name_en = index.names(firm)
        out.append(
            {
                "id": firm,
                "name_ko": name_ko,
                "name_en": name_en,
                "bridged_pairs": len(bridged),
                "pairs": [
                    {"a": a, "a_ko": index.names(a)[0], "b": b, "b_ko": index.names(b)[0]}
                    for a, b in sorted(bridged)
                ],
            }
        )
    return out


@dataclass(frozen=True)
class _Pairs:
    """competitor_pairs' pairs in the answer's order, each firm's alliances, and each
    firm's segment assignments as (segment, basis) in the order of ``placed``."""

    pairs: list[tuple[str, str]]
    held: dict[str, set[str]]
    placed: dict[str, list[tuple[str, Any]]]


def _pairs(index: Memberships, proposed: bool) -> _Pairs:
    placed = [f for f in index.placed if not index.is_alliance(f)]
    held = {f: set(index.alliances_of(f, proposed)) for f in placed}
    # firms by (alliance, segment): a pair shares both when it meets in one bucket
    buckets: dict[tuple[str, str], list[str]] = {}
    for f in placed:
        for segment in {r.end for r in index.placed[f]}:
            for alliance in held[f]:
                buckets.setdefault((alliance, segment), []).append(f)
    pairs: set[tuple[str, str]] = set()
    for firms in buckets.values():
        firms.sort()
        for i, f1 in enumerate(firms):
            pairs.update((f1, f2) for f2 in firms[i + 1 :])
    assigned = {f: [(r.end, r.props.get("basis")) for r in index.placed[f]] for f in placed}
    return _Pairs(sorted(pairs), held, assigned)


def competitor_pairs(index: Memberships, values: dict[str, Any]) -> Answer:
    """Pairs of firms placed in one segment that sit in one alliance. The pairs are
    worked out once per backend (the graph does not change); only the page's records
    are built, each name looked up once per question."""
    proposed: bool = values["include_proposed"]
    found = index.pairs.get(proposed)
    if found is None:
        found = index.pairs[proposed] = _pairs(index, proposed)
    held, placed = found.held, found.placed
    names: dict[str, tuple[Any, Any]] = {}

    def named(ident: str) -> tuple[Any, Any]:
        kept = names.get(ident)
        if kept is None:
            kept = names[ident] = index.names(ident)
        return kept

    out: Answer = []
    for f1, f2 in _page(found.pairs, values):
        a_ko, a_en = named(f1)
        b_ko, b_en = named(f2)
        segments: Answer = []
        for segment, basis1 in placed[f1]:
            for other, basis2 in placed[f2]:
                if segment == other:
                    seg_ko, seg_en = named(segment)
                    shared = {
                        "id": segment,
                        "name_ko": seg_ko,
                        "name_en": seg_en,
                        "basis": [basis1, basis2],
                    }
                    if shared not in segments:
                        segments.append(shared)
        alliances: Answer = []
        for x in sorted(held[f1] & held[f2]):
            x_ko, x_en = named(x)
            alliances.append({"id": x, "name_ko": x_ko, "name_en": x_en})
        out.append(
            {
                "a": f1,
                "a_ko": a_ko,
                "a_en": a_en,
                "b": f2,
                "b_ko": b_ko,
                "b_en": b_en,
                "segments": segments,
                "alliances": alliances,
            }
        )
    return out


def firms_without_alliance(index: Memberships, values: dict[str, Any]) -> Answer:
    out: Answer = []
    for company in index.companies():
        if index.in_alliance(company):
            continue
        name_ko, name_en = index.names(company)
        out.append(
            {
                "id": company,
                "name_ko": name_ko,
                "name_en": name_en,
                "proposals": [
                    {
                        "alliance": rel.end,
                        "alliance_ko": index.names(rel.end)[0],
                        "role": rel.props.get("role"),
                        "status": rel.props.get("status"),
                        "sources": _sources(rel),
                    }
                    for rel in index.of_member.get(company, ())
                ],
            }
        )
    return out


def _unplaced(index: Memberships, firms: list[str]) -> list[dict[str, Any]]:
    return [index.named(f) for f in firms if not index.placed.get(f)]


def single_firm_segments(index: Memberships, values: dict[str, Any]) -> Answer:
    """Segments where one firm in an active alliance is placed, and only one."""
    active = sorted(f for f in index.of_member if not index.is_alliance(f) and index.in_alliance(f))
    unplaced = _unplaced(index, active)
    total, placed = len(active), len(active) - len(unplaced)
    other_firms = "absent" if placed == total else "unknown"
    by_segment: dict[str, list[Rel]] = {}
    for firm in active:
        for rel in index.placed.get(firm, ()):
            by_segment.setdefault(rel.end, []).append(rel)
    out: Answer = []
    for segment, rels in by_segment.items():
        if len(rels) != 1:
            continue
        (rel,) = rels
        seg_ko, seg_en = index.names(segment)
        out.append(
            {
                "segment": segment,
                "segment_ko": seg_ko,
                "segment_en": seg_en,
                "firm": {
                    **index.named(rel.start),
                    "basis": rel.props.get("basis"),
                    "sources": _sources(rel),
                },
                "other_firms": other_firms,
                "unplaced": unplaced if other_firms == "unknown" else [],
                "firms_placed": placed,
                "firms_total": total,
            }
        )
    out.sort(key=lambda r: _order_key(index.nodes[r["segment"]].props.get("order")))
    return out


def mega_alliance(index: Memberships, values: dict[str, Any]) -> Answer:
    """What the greedy cover of every segment starts from (its ``#:then`` step runs
    after, as for the SPARQL form)."""
    companies = index.companies()
    unplaced = _unplaced(index, companies)
    segments = sorted(
        index.segments, key=lambda s: (_order_key(index.nodes[s].props.get("order")), s)
    )
    candidates = []
    for firm in sorted(index.placed):
        if index.is_alliance(firm):
            continue
        assignments: dict[tuple[str, Any], set[str]] = {}
        for rel in index.placed[firm]:
            if rel.end in index.segment_set:
                key = (rel.end, rel.props.get("basis"))
                assignments.setdefault(key, set()).update(rel.props.get("sources") or ())
        if not assignments:
            continue
        name_ko, name_en = index.names(firm)
        candidates.append(
            {
                "id": firm,
                "name_ko": name_ko,
                "name_en": name_en,
                "in_alliance": index.in_alliance(firm),
                "segments": sorted({segment for segment, _ in assignments}),
                "assignments": [
                    {"segment": segment, "basis": basis, "sources": sorted(got) if got else None}
                    for (segment, basis), got in assignments.items()
                ],
            }
        )
    return [
        {
            "firms_placed": len(companies) - len(unplaced),
            "firms_total": len(companies),
            "segments": [index.named(s) for s in segments],
            "candidates": candidates,
            "unplaced": unplaced,
        }
    ]


_COVERAGE_ORDER = {"absent": 0, "unknown": 1, "covered": 2}


def alliance_segment_gaps(index: Memberships, values: dict[str, Any]) -> Answer:
    """Each segment of the value chain: covered by the alliance (a member or itself
    placed there), absent, or unknown while some member is not placed anywhere."""
    alliance: str = values["alliance"]
    if not index.is_alliance(alliance):
        return []
    members = sorted(index.members_now(alliance))
    unplaced = [m for m in members if not index.placed.get(m)]
    total, placed = len(members), len(members) - len(unplaced)
    uncovered = "absent" if total > 0 and placed == total else "unknown"
    by_segment: dict[str, list[Rel]] = {}
    for member in [*members, alliance]:
        for rel in index.placed.get(member, ()):
            by_segment.setdefault(rel.end, []).append(rel)
    a_ko, a_en = index.names(alliance)
    out: Answer = []
    for segment in index.segments:
        covering: dict[tuple[str, Any], set[str]] = {}
        for rel in by_segment.get(segment, ()):
            covering.setdefault((rel.start, rel.props.get("basis")), set()).update(
                rel.props.get("sources") or ()
            )
        coverage = "covered" if covering else uncovered
        seg_ko, seg_en = index.names(segment)
        out.append(
            {
                "alliance": alliance,
                "alliance_ko": a_ko,
                "alliance_en": a_en,
                "segment": segment,
                "segment_ko": seg_ko,
                "segment_en": seg_en,
                "segment_order": index.nodes[segment].props.get("order"),
                "coverage": coverage,
                "covered_by": [
                    {
                        **index.named(c),
                        "basis": basis,
                        "sources": sorted(sources) if sources else None,
                    }
                    for (c, basis), sources in sorted(
                        covering.items(), key=lambda x: (x[0][0], str(x[0][1]))
                    )
                ],
                "unplaced": [index.named(u) for u in unplaced] if coverage == "unknown" else [],
                "members_placed": placed,
                "members_total": total,
            }
        )
    out.sort(key=lambda r: (_COVERAGE_ORDER[r["coverage"]], _order_key(r["segment_order"])))
    return out


def members_as_of(index: Memberships, values: dict[str, Any]) -> Answer:
    alliance: str = values["alliance"]
    day = dt.date.fromisoformat(values["as_of"])
    out: Answer = []
    for rel in index.of_alliance.get(alliance, ()):
        status = rel.props.get("status")
        if status not in _HELD:
            continue
        props = rel.props
        certainty = _VERDICT.get(
            member_on(props.get("joined"), props.get("left"), status == _ENDED, day)
        )
        if certainty is None:
            continue
        held = index.held(rel, certainty, with_member=False)
        out.append({**index.named(rel.start), **{k: held[k] for k in _AS_OF_FIELDS}})
    out.sort(key=lambda r: (r["date_certainty"], r["id"], r["membership"] or ""))
    return out


def alliance(index: Memberships, values: dict[str, Any]) -> Answer:
    """One alliance with its members (each membership with its dates, basis and
    sources), the figures, events and quotes about it, and who proposed it."""
    ident: str = values["id"]
    if not index.is_alliance(ident):
        return []
    members: Answer = []
    for rel in index.of_alliance.get(ident, ()):
        props = rel.props
        role, status = props.get("role"), props.get("status")
        if role is None or status is None:
            continue  # the form asks for both
        members.append(
            {
                **index.named(rel.start),
                "membership": rel.id,
                "role": role,
                "status": status,
                "joined": props.get("joined"),
                "joined_text_ko": props.get("joined_text_ko"),
                "left": props.get("left"),
                "basis": props.get("basis"),
                "reason": props.get("reason"),
                "sources": _sources(rel),
                "evidence_ko": _evidence(rel),
            }
        )
    members.sort(key=lambda r: r["role"])  # then by member: the index's order
    about = index.about.get(ident, ())

    def said(label: str) -> list[str]:
        return [x for x in about if label in index.nodes[x].labels]

    return [
        {
            "alliance": _props(index, ident),
            "members": members,
            "figures": [_props(index, x) for x in said(index.fact_labels["figures"])],
            "events": [_props(index, x) for x in said(index.fact_labels["events"])],
            "quotes": _quotes_about(index, ident),
            "proposed_by": [index.named(p) for p in index.proposed_by.get(ident, ())],
        }
    ]


def _evidence(rel: Rel) -> list[str] | None:
    evidence = rel.props.get("evidence_ko")
    return sorted(set(_listed(evidence))) if evidence else None


def _quotes_about(index: Memberships, ident: str) -> Answer:
    """The quotes about ``ident``, each once per speaker (once, unspoken, without)."""
    quotes: Answer = []
    label = index.fact_labels["quotes"]
    for q in index.about.get(ident, ()):
        if label not in index.nodes[q].labels:
            continue
        speakers: list[str | None] = [
            p for p in index.said_by.get(q, ()) if index.person_label in index.nodes[p].labels
        ]
        for p in speakers or [None]:
            name_ko, name_en = (None, None) if p is None else index.names(p)
            quotes.append(
                {**_props(index, q), "speaker": p, "speaker_ko": name_ko, "speaker_en": name_en}
            )
    return quotes


def company(index: Memberships, values: dict[str, Any]) -> Answer:
    """One organisation that is not an alliance: what it is part of (its parent, the
    group at the top), its units, its memberships, segments, people and quotes."""
    ident: str = values["id"]
    node = index.nodes.get(ident)
    if node is None or index.organization_label not in node.labels or index.is_alliance(ident):
        return []
    memberships: Answer = []
    for rel in index.of_member.get(ident, ()):
        props = rel.props
        role, status = props.get("role"), props.get("status")
        if role is None or status is None:
            continue  # the form asks for both
        alliance_ko, alliance_en = index.names(rel.end)
        memberships.append(
            {
                "alliance": rel.end,
                "alliance_ko": alliance_ko,
                "alliance_en": alliance_en,
                "alliance_status": index.nodes[rel.end].props.get("status"),
                "membership": rel.id,
                "role": role,
                "status": status,
                "joined": props.get("joined"),
                "left": props.get("left"),
                "basis": props.get("basis"),
                "reason": props.get("reason"),
                "sources": _sources(rel),
                "evidence_ko": _evidence(rel),
            }
        )
    segments: Answer = []
    placed = [
        r for r in index.placed.get(ident, ()) if index.segment_label in index.nodes[r.end].labels
    ]
    placed.sort(key=lambda r: _order_key(index.nodes[r.end].props.get("order")))
    for rel in placed:
        name_ko, name_en = index.names(rel.end)
        segments.append(
            {
                "segment": rel.end,
                "segment_ko": name_ko,
                "segment_en": name_en,
                "basis": rel.props.get("basis"),
                "reason": rel.props.get("reason"),
                "sources": _sources(rel),
                "evidence_ko": _evidence(rel),
            }
        )
    people: Answer = []
    for rel in index.posts.get(ident, ()):
        if index.person_label not in index.nodes[rel.start].labels:
            continue
        props = rel.props
        name_ko, name_en = index.names(rel.start)
        people.append(
            {
                "person": rel.start,
                "name_ko": name_ko,
                "name_en": name_en,
                "title_ko": props.get("title_ko"),
                "title_en": props.get("title_en"),
                "since": props.get("since"),
                "until": props.get("until"),
                "sources": _sources(rel),
                "evidence_ko": _evidence(rel),
            }
        )
    parent = index.part_of.get(ident)
    top = _chain_top(index.part_of, ident)
    return [
        {
            "organization": _props(index, ident),
            "kind": index.kind(node),
            "part_of": None if parent is None else index.named(parent),
            "group": None if top is None else index.named(top),
            "units": [index.named(u) for u in index.units.get(ident, ())],
            "memberships": memberships,
            "segments": segments,
            "people": people,
            "quotes": _quotes_about(index, ident),
        }
    ]


def search(index: Memberships, values: dict[str, Any]) -> Answer:
    """Organisations, people and segments whose names or aliases match ``q`` (the
    regular expression :func:`.search_text.search_regex` made of the search text), the
    most matching labels first."""
    match = re.compile(values["q"], re.IGNORECASE).search
    found: list[tuple[int, _Searchable]] = []
    for entry in index.searchable():
        score = sum(1 for n in entry.names if match(n)) + sum(1 for a in entry.aliases if match(a))
        if score:
            found.append((score, entry))
    found.sort(key=lambda f: -f[0])  # then by id: the order of searchable()
    out: Answer = []
    for score, entry in found:
        name_ko, name_en = index.names(entry.ident)
        out += (
            {
                "id": entry.ident,
                "kind": kind,
                "name_ko": name_ko,
                "name_en": name_en,
                "aliases": entry.aliases or None,
                "score": float(score),
            }
            for kind in entry.kinds
        )
    return _page(out, values)


def _props(index: Memberships, ident: str) -> dict[str, Any]:
    """A node's properties as an answer shows them (Cypher's ``n {.*}``)."""
    return without_index_keys(index.nodes[ident].props)  # type: ignore[no-any-return]


def _order_key(order: Any) -> tuple[int, Any]:
    # SPARQL orders an unbound value first
    return (0, 0) if order is None else (1, order)


# The questions with a fast path, by name.
FAST: dict[str, Callable[[Memberships, dict[str, Any]], Answer]] = {
    "multi_alliance_firms": multi_alliance_firms,
    "multi_alliance_groups": multi_alliance_groups,
    "alliance_overlap": alliance_overlap,
    "overlap_matrix": overlap_matrix,
    "bridge_firms": bridge_firms,
    "competitor_pairs": competitor_pairs,
    "alliance_segment_gaps": alliance_segment_gaps,
    "firms_without_alliance": firms_without_alliance,
    "single_firm_segments": single_firm_segments,
    "mega_alliance": mega_alliance,
    "members_as_of": members_as_of,
    "alliance": alliance,
    "company": company,
    "search": search,
}
# Fast paths that read one firm's relationships, not the whole graph: cheaper than a
# hop to a worker thread, so an event loop may answer them itself.
LOOKUPS: frozenset[str] = frozenset({"company"})
# Steps the answer of a fast path still goes through, as the SPARQL form's does.
THEN_STEP: dict[str, str] = {"mega_alliance": "greedy_cover"}
