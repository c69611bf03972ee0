"""What the seeds say about each entity, as the duplicate detector reads it.

A :class:`~alliancekg.identity.scoring.Profile` per organisation, alliance and
person (merged clusters count once): names and aliases, kind, identifiers, parent,
the alliances it is in, its lead firms, members and launch date (alliances), the
organisations a person holds posts in and the people who hold posts in an
organisation.
"""

from __future__ import annotations

from collections import defaultdict

from ..identity.scoring import Profile
from ..ontology.vocab import AKG
from .records import Record, SeedSet
from .resolve import is_entity, section_of

# Roles that make a member the alliance's lead (a founder leads too when no one else does).
LEAD_ROLES = ("lead", "founder")


def _names(rec: Record) -> list[str]:
    names = [text for text, _lang in rec.values.get("name", [])]
    return names + [a for a in rec.values.get("aliases", []) if a not in names]


def profiles(seeds: SeedSet) -> list[Profile]:
    """One profile per organisation, alliance and person of the seed set."""
    entities = {r.id: r for r in seeds.records if is_entity(r.cls)}
    names = {ident: _names(rec) for ident, rec in entities.items()}
    alliances: dict[str, set[str]] = defaultdict(set)
    members: dict[str, set[str]] = defaultdict(set)
    leads: dict[str, dict[str, list[str]]] = defaultdict(dict)
    employers: dict[str, list[list[str]]] = defaultdict(list)
    leaders: dict[str, list[list[str]]] = defaultdict(list)
    for rec in seeds.records:
        if rec.cls.iri == AKG.Membership:
            member = (rec.values.get("member") or [None])[0]
            alliance = (rec.values.get("alliance") or [None])[0]
            if member is None or alliance is None:
                continue
            alliances[member].add(alliance)
            members[alliance].add(member)
            role = (rec.values.get("role") or [None])[0]
            if role in LEAD_ROLES and member in names:
                leads[alliance].setdefault(role, []).extend(names[member])
        elif rec.cls.iri == AKG.Post:
            person = (rec.values.get("person") or [None])[0]
            org = (rec.values.get("organization") or [None])[0]
            if person in names and org in names:
                employers[person].append(names[org])
                leaders[org].append(names[person])
    out: list[Profile] = []
    for ident, rec in entities.items():
        identifiers: dict[str, set[str]] = defaultdict(set)
        for text in rec.values.get("identifiers", []):
            scheme, _, value = text.partition(":")
            identifiers[scheme].add(value)
        by_role = leads.get(ident, {})
        lead_names = by_role.get("lead") or by_role.get("founder") or []
        launched = rec.values.get("launched")
        out.append(
            Profile(
                id=ident,
                type=(section_of(rec.cls) or "").removesuffix("s"),
                names=names[ident],
                kind=rec.cls.kind,
                identifiers=dict(identifiers),
                parents=set(rec.values.get("parent", [])),
                alliances=alliances.get(ident, set()),
                leads=[lead_names] if lead_names else [],
                members=members.get(ident, set()),
                launched=launched[0] if launched and not launched[0].startswith("Y") else None,
                employers=employers.get(ident, []),
                leaders=leaders.get(ident, []),
            )
        )
    return out
