"""Resolving references across every seed file, and the identities judgements make.

1. Ids: each entity's id is unique across all files.
2. Names: every name and alias of an organisation, alliance or person is indexed
   (normalised: NFC, case, spaces). Within one file a name or alias that another
   entity of the file carries is an error; across files it is a warning (two
   sources may well call two firms alike, or one firm by another's alias).
3. Judgements (``judgements`` in a ``kind: curation`` file) name two entities by id,
   name or alias; 'same' joins them, transitively, into one cluster with one
   canonical id (:mod:`alliancekg.identity.clusters`); a 'different' judgement that
   a chain of 'same' ones contradicts is an error naming the chain.
4. References by id, name or alias resolve to a cluster's canonical id; a name that
   several entities (of several clusters) carry is an error until a judgement joins
   them, or the reference uses an id.
5. Merging (:mod:`.merge`): a cluster becomes one record; relationship entries get
   derived ids, and one fact that several sources state becomes one record with all
   their sources, or, when they disagree, one record per claim (:mod:`.claims`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..exc import Problem
from ..identity.clusters import Clusters, Link, cluster
from ..identity.names import key as identity_key
from ..ontology.model import Cls, Model, Prop, model
from ..ontology.names import normalize_name
from ..ontology.segments import segment_names
from ..ontology.vocab import AKG
from .claims import conflicts, derive_ids, derived_id
from .merge import merge_clusters
from .records import Conflict, Record

AMBIGUOUS = "ambiguous"  # the code of a problem a judgement or an id would solve


def is_entity(cls: Cls) -> bool:
    """Organisations (alliances among them) and persons: what names resolve to and
    judgements join."""
    return section_of(cls) is not None and cls.label is not None and "name" in cls.props


def section_of(cls: Cls) -> str | None:
    return model().section_of(cls)


def _names(rec: Record) -> Iterator[tuple[str, bool]]:
    """A record's names (False) and aliases (True)."""
    for text, _lang in rec.values.get("name", []):
        yield text, False
    for alias in rec.values.get("aliases", []):
        yield alias, True


@dataclass
class NameIndex:
    """Normalised names and aliases → the ids of the entities that carry them."""

    holders: dict[str, set[str]] = field(default_factory=dict)
    alias_owner: dict[str, str] = field(default_factory=dict)
    segments: set[str] = field(default_factory=set)

    def add(self, key: str, ident: str) -> set[str]:
        found = self.holders.setdefault(key, set())
        found.add(ident)
        return found


@dataclass
class Resolver:
    m: Model
    records: list[Record]
    problems: list[Problem]
    warnings: list[Problem]
    ids: dict[str, Record | None] = field(default_factory=dict)
    index: NameIndex = field(default_factory=NameIndex)
    clusters: Clusters = field(default_factory=Clusters)
    # Ids an entity was merged from before these seeds were written (its ``same_as``, as
    # an export writes a merged entity): merged id -> the entity's id.
    merged_before: dict[str, str] = field(default_factory=dict)

    # --- ids and names -----------------------------------------------------------------

    def index_ids(self) -> None:
        for ident, names in segment_names().items():
            self.ids.setdefault(ident, None)
            self.index.segments.add(ident)
            for name in names:
                self.index.add(normalize_name(name), ident)
        for rec in self.records:
            if not rec.id:
                continue
            if rec.id in self.ids:
                other = self.ids[rec.id]
                where = f" (first at {other.where})" if other is not None else " (a segment)"
                self.problems.append(rec.problem(f"duplicate id '{rec.id}'{where}", "id"))
                continue
            self.ids[rec.id] = rec
        for rec in self.records:
            for old in rec.values.get("same_as", []):
                if old in self.ids:
                    self.problems.append(
                        rec.problem(
                            f"same_as '{old}' is the id of an entry of its own; to merge "
                            "them, write a 'same' judgement",
                            "same_as",
                        )
                    )
                else:
                    self.merged_before.setdefault(old, rec.id)

    def _clash(self, rec: Record, others: set[str], message: str, key: str) -> None:
        """Within one file an error; across files a warning naming both entries."""
        records = [self.ids.get(o) for o in sorted(others)]
        same_file = [o for o in records if o is not None and o.file == rec.file]
        if same_file or any(o is None for o in records):
            self.problems.append(rec.problem(message, key))
        else:
            where = ", ".join(f"{o.label} ({o.id}) at {o.where}" for o in records if o)
            self.warnings.append(
                rec.problem(f"{message} ({where}); if they are one, add a 'same' judgement", key)
            )

    def index_names(self) -> None:
        for rec in self.records:
            for name, is_alias in _names(rec):
                key = normalize_name(name)
                holders = self.index.holders.get(key, set()) - {rec.id}
                if is_alias and name in self.ids and name != rec.id:
                    self._clash(
                        rec,
                        {name},
                        f"alias '{name}' is the id of another entity; an alias must name "
                        "one entity",
                        "aliases",
                    )
                elif is_alias and holders:
                    self._clash(
                        rec,
                        holders,
                        f"alias '{name}' already names {', '.join(sorted(holders))}; an alias "
                        "must name one entity",
                        "aliases",
                    )
                elif key in self.index.alias_owner and self.index.alias_owner[key] != rec.id:
                    owner = self.index.alias_owner[key]
                    self._clash(
                        rec, {owner}, f"name '{name}' is already an alias of {owner}", "name"
                    )
                if is_alias:
                    self.index.alias_owner.setdefault(key, rec.id)
                self.index.add(key, rec.id)

    # --- references ----------------------------------------------------------------------

    def lookup(self, rec: Record, prop: Prop, name: str) -> str | None:
        """The canonical id that ``name`` (an id, a name or an alias) stands for."""
        found = {self.clusters.of(x) for x in self.index.holders.get(normalize_name(name), set())}
        if name not in self.ids and name in self.merged_before:
            return self.clusters.of(self.merged_before[name])
        if name in self.ids:
            own = self.clusters.of(name)
            if found - {own}:
                self.problems.append(
                    rec.problem(
                        f"{prop.key} '{name}' is ambiguous: it is an id and also names "
                        f"{', '.join(sorted(found - {own}))}; rename one",
                        prop.key,
                        AMBIGUOUS,
                    )
                )
                return None
            return own
        if len(found) == 1:
            return next(iter(found))
        if not found:
            self.problems.append(
                rec.problem(
                    f"{prop.key} '{name}' is not the id, name or alias of any entity", prop.key
                )
            )
        else:
            self.problems.append(
                rec.problem(
                    f"{prop.key} '{name}' is ambiguous: it names {', '.join(sorted(found))}; "
                    "use an id, or add a 'same' judgement if they are one",
                    prop.key,
                    AMBIGUOUS,
                )
            )
        return None

    def resolve_references(self, records: list[Record]) -> None:
        # What a reference resolved to, once it did (a reference that does not resolve
        # is looked up again, so that each entry that makes it gets its problem).
        known: dict[str, str] = {}
        for rec in records:
            own = rec.values
            for key in rec.cls.ref_keys:
                values = own.get(key)
                if values is None:
                    continue
                resolved = []
                for v in values:
                    found = known.get(v)
                    if found is None:
                        found = self.lookup(rec, rec.cls.props[key], v)
                        if found is None:
                            continue
                        known[v] = found
                    resolved.append(found)
                own[key] = resolved

    # --- judgements -----------------------------------------------------------------------

    def judge(self) -> list[Record]:
        """Resolve the judgements' entities (before any merge) and cluster the ids."""
        judgement = AKG.Judgement
        judgements = [r for r in self.records if r.cls.iri == judgement]
        sources = {r.id: r for r in self.records if r.source_id == r.id}
        same: list[Link] = []
        different: list[Link] = []
        by_link: dict[Link, Record] = {}
        for rec in judgements:
            source = sources.get(rec.source_id)
            if source is not None and source.cls.iri != AKG.CurationNote:
                self.problems.append(
                    rec.problem(
                        "judgements belong in a curation source (source kind: curation), "
                        f"not in a {source.cls.kind or source.cls.local_name}"
                    )
                )
                continue
            if any(v in self.merged_before for k in ("a", "b") for v in rec.values.get(k, [])):
                continue  # a judgement already applied: its entities are one entry
            ends: dict[str, str] = {}
            for key in ("a", "b", "canonical"):
                values = rec.values.get(key) or []
                if not values:
                    continue
                resolved = self.lookup(rec, rec.cls.props[key], values[0])
                if resolved is None:
                    continue
                target = self.ids.get(resolved)
                if target is None or not is_entity(target.cls):
                    self.problems.append(
                        rec.problem(
                            f"{key} '{values[0]}' is not an organisation, alliance or person",
                            key,
                        )
                    )
                    continue
                ends[key] = resolved
                rec.values[key] = [resolved]
            if "a" not in ends or "b" not in ends:
                continue
            if ends["a"] == ends["b"]:
                self.problems.append(rec.problem("a and b name the same entity", "b"))
                continue
            if "canonical" in ends and ends["canonical"] not in (ends["a"], ends["b"]):
                self.problems.append(rec.problem("canonical must be a or b", "canonical"))
                continue
            if not rec.id:
                rec.id = derived_id(rec)
            decision = (rec.values.get("decision") or [None])[0]
            link = Link(ends["a"], ends["b"], rec.where, ends.get("canonical"))
            by_link[link] = rec
            if decision == "same":
                ra, rb = self.ids[link.a], self.ids[link.b]
                if ra is None or rb is None or section_of(ra.cls) != section_of(rb.cls):
                    self.problems.append(
                        rec.problem(
                            f"'{link.a}' and '{link.b}' are not the same kind of entity "
                            "(an organisation and a person, or a firm and an alliance)",
                            "b",
                        )
                    )
                    continue
                same.append(link)
            elif decision == "different":
                different.append(link)
        clusters, contradictions, clashes = cluster(same, different)
        for c in contradictions:
            self.problems.append(by_link[c.different].problem(c.message(), "decision"))
        for clash in clashes:
            for link in clash.named:
                self.problems.append(by_link[link].problem(clash.message(), "canonical"))
        # Judgements that contradict each other merge nothing (the set is invalid anyway):
        # merging would only add errors that the judgements caused.
        if not contradictions and not clashes:
            self.clusters = clusters
        return judgements

    def pairs_judged(self, judgements: list[Record]) -> set[tuple[str, str]]:
        """Every pair a judgement names, as canonical ids in order."""
        out: set[tuple[str, str]] = set()
        for rec in judgements:
            a, b = rec.values.get("a"), rec.values.get("b")
            if a and b:
                x, y = self.clusters.of(a[0]), self.clusters.of(b[0])
                out.add((x, y) if x < y else (y, x))
        return out


def duplicate_warnings(records: list[Record], judged: set[tuple[str, str]]) -> list[Problem]:
    """Entities of different clusters that share a name or alias after normalisation
    (legal forms, punctuation, case, spaces; :func:`alliancekg.identity.names.key`), or
    an identifier (``domain:``, ``krx:`` ...), and that no judgement has told apart."""
    by_key: dict[tuple[str, str], list[tuple[Record, str]]] = {}
    for rec in records:
        if not is_entity(rec.cls):
            continue
        section = section_of(rec.cls) or ""
        for name, _alias in _names(rec):
            k = identity_key(name)
            if k:
                by_key.setdefault((section, k), []).append((rec, f"named '{name}'"))
        for ident in rec.values.get("identifiers", []):
            by_key.setdefault((section, "\0" + ident), []).append((rec, f"identified as '{ident}'"))
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for found in by_key.values():
        for i, (a, said_a) in enumerate(found):
            for b, said_b in found[i + 1 :]:
                pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if a.id == b.id or pair in seen or pair in judged:
                    continue
                seen.add(pair)
                said = said_a if said_a == said_b else f"{said_a} and {said_b.split(' ', 1)[1]}"
                out.append(
                    a.problem(
                        f"possible duplicate of {b.id} ({b.where}): {said}; if they are "
                        "one, add a 'same' judgement (alliancekg dedupe), if not, a 'different' one"
                    )
                )
    return out


@dataclass
class Resolved:
    records: list[Record]
    clusters: Clusters
    judged: set[tuple[str, str]]
    conflicts: list[Conflict]


def resolve(
    m: Model, records: list[Record], problems: list[Problem], warnings: list[Problem]
) -> Resolved:
    """Resolve every reference, merge the clusters judgements make, give relationship
    entries their ids; return the records to build the graph from."""
    r = Resolver(m, records, problems, warnings)
    r.index_ids()
    r.index_names()
    judgements = r.judge()
    judgement = AKG.Judgement
    others = [rec for rec in records if rec.cls.iri != judgement]
    r.resolve_references(others)
    judged = r.pairs_judged(judgements)
    merged = merge_clusters(others, r.clusters, problems, warnings)
    warnings.extend(duplicate_warnings(merged, judged))
    merged = derive_ids(merged, problems)
    published = {
        rec.id: rec.values["published"][0]
        for rec in merged
        if rec.source_id == rec.id and rec.values.get("published")
    }
    # A judgement keeps the ids it names (before merging): it says which were joined.
    return Resolved([*merged, *judgements], r.clusters, judged, conflicts(merged, published))
