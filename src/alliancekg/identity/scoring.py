"""Scoring pairs of entities as possibly one: names first, then what else is known.

A :class:`Profile` is what the seeds say about one entity (or one cluster of entities
already judged the same): its names and aliases, kind, identifiers, parent, the
alliances it is in, and for an alliance its lead firms, members and launch date. Two
profiles get a score from 0 to 1 (1: surely one entity) and the reasons for it, each a
sentence a curator can check:

* **names** give the base: one name after normalisation (legal forms, punctuation,
  case), the same sound in Hangul and Latin letters, one the initials of the other,
  near spellings;
* **context** raises it (a shared identifier, shared alliances, the same lead firm) or
  lowers it (different identifiers of one scheme, one the parent of the other,
  different kinds, two alliances with different lead firms and no shared member).

:func:`candidates` compares only profiles that share a blocking key (a normalised name,
a sound key, an acronym, an identifier), so its cost grows with the number of
entities, not its square.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio, token_sort_ratio

from .glossary import translate
from .names import (
    CACHE,
    acronyms,
    core_name,
    domain_label,
    fold,
    is_acronym,
    key,
    person_keys,
    roman_key,
    script,
    shape_key,
    sound_key,
    spelled_numbers,
    words,
)

# Blocks larger than this are too common a key to say anything ("ai", "korea").
MAX_BLOCK = 60


@dataclass
class Profile:
    """What the seeds say about one entity, for comparing it with others."""

    id: str
    type: str  # organization, person or alliance
    names: list[str]
    kind: str | None = None
    identifiers: dict[str, set[str]] = field(default_factory=dict)
    parents: set[str] = field(default_factory=set)
    alliances: set[str] = field(default_factory=set)
    # alliances: the names of their lead firms, their member ids, their launch (YYYY[-MM])
    leads: list[list[str]] = field(default_factory=list)
    members: set[str] = field(default_factory=set)
    launched: str | None = None
    # persons: the names of the organisations they hold posts in
    employers: list[list[str]] = field(default_factory=list)
    # organisations: the names of the people who hold posts in them (heads, leaders)
    leaders: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    a: str
    b: str
    kind: str
    score: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
        }


# --- names -----------------------------------------------------------------------------


@lru_cache(maxsize=CACHE)
def _translated(name: str) -> str:
    return translate(name) if script(name) == "ko" else name


@lru_cache(maxsize=CACHE)
def _sounds(name: str, person: bool) -> frozenset[str]:
    """The sound keys of a name: as written and, for an organisation, with its Korean
    common nouns translated."""
    found = {sound_key(name)}
    if not person:
        found.add(sound_key(_translated(name)))
    return frozenset(s for s in found if s)


@lru_cache(maxsize=CACHE)
def _shapes(name: str) -> frozenset[str]:
    """The shape keys of a name as written and with its Korean common nouns translated."""
    return frozenset(x for x in (shape_key(name), shape_key(_translated(name))) if x)


# Words too general to tell two institutions apart by their translation.
_GENERAL = frozenset({"korea", "national", "and", "of", "the", "for"})


@lru_cache(maxsize=CACHE)
def _meaning(name: str) -> frozenset[str]:
    """The English words of a name (its Korean common nouns translated), general words
    left out; empty unless at least three remain."""
    found = frozenset(w for w in words(_translated(name)) if w.isascii() and w not in _GENERAL)
    return found if len(found) >= 3 else frozenset()


@dataclass(frozen=True)
class NameMatch:
    score: float
    reason: str


def _initials(short: str, full: str) -> NameMatch | None:
    """``short`` written in capitals as the initials of ``full`` (its Korean words
    translated), in order or, for three letters or more, in another order."""
    if not is_acronym(short):
        return None
    letters = key(short)
    written, translated = acronyms(full), acronyms(_translated(full)) - acronyms(full)
    # Two letters are the initials of too many names to say much on their own, and so
    # are three drawn from translated words.
    if letters in written:
        strength = 0.8 if len(letters) >= 3 else 0.45
        return NameMatch(strength, f"'{short}' is the initials of '{full}'")
    if letters in translated:
        strength = 0.6 if len(letters) >= 4 else 0.5 if len(letters) == 3 else 0.45
        return NameMatch(strength, f"'{short}' is the initials of '{full}' in English")
    if len(letters) >= 4 and any(sorted(letters) == sorted(f) for f in written | translated):
        return NameMatch(0.6, f"'{short}' is the initials of '{full}' in another order")
    return None


_CAPITALS = re.compile(r"(?<![A-Za-z])[A-Z]{2,4}(?![A-Za-z])")


@lru_cache(maxsize=CACHE)
def _initialisms(name: str) -> frozenset[str]:
    return frozenset(_CAPITALS.findall(name))


def _initialisms_differ(a: str, b: str) -> bool:
    """Both names hold initialisms, and not the same ones (삼성SDS, Samsung SDI)."""
    ia, ib = _initialisms(a), _initialisms(b)
    return bool(ia and ib and ia != ib)


def _person_match(a: str, b: str) -> NameMatch | None:
    """Personal names: one name, or one name in other letters or another romanisation
    (김성훈, "Kim Sung-hoon", "Sung-hoon Kim"); no nearer matches: too many people's
    names are near one another."""
    if key(a) and key(a) == key(b):
        return NameMatch(0.9, f"'{a}' and '{b}' are one name after normalisation")
    shared = person_keys(a) & person_keys(b)
    if shared:
        return NameMatch(0.85, f"'{a}' and '{b}' are one name, romanised differently")
    return None


def _direct_match(a: str, b: str, person: bool) -> NameMatch | None:
    if person:
        return _person_match(a, b)
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return NameMatch(0.9, f"'{a}' and '{b}' are one name after normalisation")
    cross = script(a) != script(b)
    ra, rb = roman_key(a), roman_key(b)
    if cross and ra == rb:
        return NameMatch(0.85, f"'{a}' is '{b}' in other letters")
    if key(_translated(a)) == key(_translated(b)):
        return NameMatch(0.85, f"'{a}' means '{b}'")
    if spelled_numbers(a) == spelled_numbers(b):
        return NameMatch(0.85, f"'{a}' and '{b}' are one name with its number spelled out")
    for short, full in ((a, b), (b, a)):
        initials = _initials(short, full)
        if initials is not None:
            return initials
    shared = _sounds(a, person) & _sounds(b, person)
    spelled = ratio(ra, rb) / 100
    if shared:
        s = max(shared, key=len)
        # Within one script, sound alone is weak: vowels are dropped ("AI-RAN", "O-RAN"),
        # and so are whole vowel syllables (클라우드 / 클라우드웨어).
        near = Levenshtein.distance(ka, kb) <= 1 if script(a) == "ko" else spelled >= 0.8
        # Across scripts, the consonants alone join too many names (차강준 and 강성온 are
        # both k-n-s-n): the vowels must fall in the same places too.
        shaped = _shapes(a) & _shapes(b)
        if len(s) >= 4 and ((cross and shaped) or (not cross and near)):
            return NameMatch(0.85, f"'{a}' sounds like '{b}' ({s})")
    if cross and shape_key(a) and shape_key(a) == shape_key(b):
        return NameMatch(0.8, f"'{a}' sounds like '{b}' ({shape_key(a)})")
    meaning_a, meaning_b = _meaning(a), _meaning(b)
    if cross and meaning_a and meaning_b:
        overlap = len(meaning_a & meaning_b) / len(meaning_a | meaning_b)
        if overlap >= 0.75:
            return NameMatch(0.75, f"'{a}' means '{b}'")
    if shared:
        s = max(shared, key=len)
        return NameMatch(0.6, f"'{a}' sounds like '{b}' ({s})")
    if not cross and not _initialisms_differ(a, b):
        alike = token_sort_ratio(a.casefold(), b.casefold()) / 100
        edits = Levenshtein.distance(ka, kb)
        best = max(ratio(ka, kb) / 100, alike)
        if best >= 0.9 or (edits == 1 and min(len(ka), len(kb)) >= 4):
            return NameMatch(0.7, f"'{a}' is spelled like '{b}' ({best:.0%} alike)")
        if best >= 0.85:
            return NameMatch(0.55, f"'{a}' is spelled like '{b}' ({best:.0%} alike)")
        return None
    if not cross:
        return None
    if _initialisms_differ(a, b):
        return None  # near sounds say little of names whose initialisms differ
    sounds = max(
        (
            ratio(x, y) / 100
            for x in _sounds(a, person)
            for y in _sounds(b, person)
            if min(len(x), len(y)) >= 4
        ),
        default=0.0,
    )
    best = max(spelled, sounds)
    if best >= 0.85:
        return NameMatch(0.6, f"'{a}' sounds close to '{b}' ({best:.0%} alike)")
    return None


_PARENTHESES = re.compile(r"\([^)]*\)")


@lru_cache(maxsize=CACHE)
def _unbracketed(name: str) -> str:
    """The name without what it says in brackets ("K-인공지능(AI) 얼라이언스" → "K-인공지능
    얼라이언스"), or the name."""
    plain = " ".join(_PARENTHESES.sub(" ", name).split())
    return plain if key(plain) else name


def name_match(a: str, b: str, person: bool = False) -> NameMatch | None:
    """How strongly two names say one entity, and why; None when they say nothing. A
    name is also compared without what it adds in brackets, and an organisation's name
    without the words that say what kind of firm it is ("Sweet Technologies" as
    "Sweet"), a little less strongly."""
    a, b = _unbracketed(a) if key(_unbracketed(a)) else a, _unbracketed(b)
    best = _direct_match(a, b, person)
    if person:
        return best
    core_a, core_b = core_name(a) or a, core_name(b) or b
    for x, y in ((core_a, b), (a, core_b), (core_a, core_b)):
        if (x, y) == (a, b):
            continue
        found = _direct_match(x, y, person)
        if found is not None and (best is None or found.score * 0.9 > best.score):
            best = NameMatch(
                round(found.score * 0.9, 3), f"{found.reason}, leaving out what kind of firm"
            )
    return best


def _without_leads(p: Profile) -> list[str]:
    """An alliance's names without the name of its lead firm ("코오롱베니트 AI 얼라이언스"
    → "AI 얼라이언스"), where a name holds it."""
    out: list[str] = []
    for name in p.names:
        folded = fold(name)
        for lead in (n for names in p.leads for n in names):
            lead_folded = fold(lead)
            if len(key(lead)) >= 2 and lead_folded in folded and lead_folded != folded:
                out.append(" ".join(folded.replace(lead_folded, " ").split()))
    return out


# What every alliance is called: compared without it, "AI-RAN Alliance" and "O-RAN
# Alliance" are "AI-RAN" and "O-RAN", and "K-AI 얼라이언스" is "K-AI Alliance".
_ALLIANCE_WORDS = re.compile(
    r"(?<![a-z])(alliance|consortium|coalition|council|association|forum)(?![a-z])"
    r"|얼라이언스|컨소시엄|연합체|연합|동맹|협의회|포럼",
    re.IGNORECASE,
)


@lru_cache(maxsize=CACHE)
def _plain(name: str) -> str:
    """An alliance's name without the word for alliance, or the name when that leaves
    nothing."""
    plain = " ".join(_ALLIANCE_WORDS.sub(" ", name).split())
    return plain if key(plain) else name


def best_name_match(a: Profile, b: Profile) -> NameMatch | None:
    person = a.type == "person"
    best: NameMatch | None = None
    pairs = [(x, y) for x in a.names for y in b.names]
    if a.type == "alliance":
        initials = [m for x, y in pairs for m in (_initials(x, y), _initials(y, x)) if m]
        pairs = [(_plain(x), _plain(y)) for x, y in pairs]
        best = max(initials, key=lambda m: m.score, default=None)
    for x, y in pairs:
        found = name_match(x, y, person)
        if found is not None and (best is None or found.score > best.score):
            best = found
    if a.type == "alliance":
        for x, y in [(x, y) for x in _without_leads(a) for y in b.names] + [
            (x, y) for x in a.names for y in _without_leads(b)
        ]:
            if key(x) == key(y) and (best is None or best.score < 0.75):
                best = NameMatch(0.75, f"'{x}' is the other's name without its lead firm")
    return best


def _same_firm(names_a: list[str], names_b: list[str]) -> bool:
    return any(
        (m := name_match(x, y)) is not None and m.score >= 0.7 for x in names_a for y in names_b
    )


# --- context ---------------------------------------------------------------------------


def score(a: Profile, b: Profile) -> Candidate | None:
    """The score of two profiles and its reasons; None when nothing suggests they are one."""
    if a.type != b.type:
        return None
    reasons: list[str] = []
    match = best_name_match(a, b)
    for domains, other in (
        (a.identifiers.get("domain", set()), b),
        (b.identifiers.get("domain", set()), a),
    ):
        for domain in sorted(domains):
            label = domain_label(domain)
            spelled = next(
                (n for n in other.names if len(label) >= 2 and label in (key(n), roman_key(n))),
                None,
            )
            if spelled is not None and (match is None or match.score < 0.8):
                match = NameMatch(0.8, f"'{spelled}' is the name in the web domain {domain}")
    value = match.score if match is not None else 0.0
    if match is not None:
        reasons.append(match.reason)
    shared_leader = next(
        (
            x[0]
            for x in a.leaders
            for y in b.leaders
            if any(_person_match(p, q) for p in x for q in y)
        ),
        None,
    )
    if shared_leader is not None:
        if value == 0.0:
            # Different names, one head: a rename, or two firms of one group.
            value = 0.5
        else:
            value += (1 - value) * 0.3
        reasons.append(f"both headed by {shared_leader}")
    for scheme in sorted(set(a.identifiers) & set(b.identifiers)):
        same = a.identifiers[scheme] & b.identifiers[scheme]
        if same:
            value = max(value, 0.97)
            reasons.append(f"both have {scheme}:{sorted(same)[0]}")
        else:
            value *= 0.1
            reasons.append(
                f"different {scheme}: {sorted(a.identifiers[scheme])[0]} and "
                f"{sorted(b.identifiers[scheme])[0]}"
            )
    if value == 0.0:
        return None
    if b.id in a.parents or a.id in b.parents:
        value *= 0.1
        reasons.append("one is the other's parent organisation: parent and subsidiary differ")
    if a.kind and b.kind and a.kind != b.kind:
        value *= 0.5
        reasons.append(f"different kinds ({a.kind}, {b.kind})")
    shared_alliances = a.alliances & b.alliances
    if shared_alliances:
        value += (1 - value) * 0.3
        reasons.append(f"both in {', '.join(sorted(shared_alliances)[:3])}")
    if a.type == "alliance":
        value = _alliance_context(a, b, value, reasons)
    if a.type == "person" and a.employers and b.employers:
        if any(_same_firm(x, y) for x in a.employers for y in b.employers):
            value += (1 - value) * 0.3
            reasons.append("both hold posts in the same organisation")
        else:
            value *= 0.6
            reasons.append("they hold posts in different organisations")
    first, second = sorted((a.id, b.id))
    return Candidate(first, second, a.type, min(value, 0.99), tuple(reasons))


def _alliance_context(a: Profile, b: Profile, value: float, reasons: list[str]) -> float:
    if a.leads and b.leads:
        if any(_same_firm(x, y) for x in a.leads for y in b.leads):
            value += (1 - value) * 0.3
            reasons.append("the same lead firm")
        else:
            value *= 0.4
            reasons.append("led by different firms")
    if a.members and b.members:
        shared = a.members & b.members
        if shared:
            value += (1 - value) * 0.3
            reasons.append(f"{len(shared)} member(s) in common")
        elif not (a.leads and b.leads):
            value *= 0.5
            reasons.append("no member in common")
    if a.launched and b.launched:
        ya, yb = int(a.launched[:4]), int(b.launched[:4])
        if abs(ya - yb) > 1:
            value *= 0.5
            reasons.append(f"launched in different years ({ya}, {yb})")
        elif a.launched[:7] == b.launched[:7] and len(a.launched) >= 7 and len(b.launched) >= 7:
            value += (1 - value) * 0.2
            reasons.append(f"both launched {a.launched[:7]}")
    return value


# --- blocking ----------------------------------------------------------------------------


def blocking_keys(p: Profile) -> set[str]:
    """Keys a profile shares with those it may be one with: normalised names, sounds,
    shapes, initials, words of meaning, prefixes, identifiers."""
    person = p.type == "person"
    out: set[str] = set()
    variants = {v for n in p.names for v in (n, _unbracketed(n))}
    if p.type == "alliance":
        variants |= {_plain(v) for v in variants}
    for name in variants:
        k = key(name)
        if not k:
            continue
        if person:
            out |= {"k:" + k} | {"pk:" + x for x in person_keys(name)}
            continue
        out |= {"k:" + k, "r:" + roman_key(name), "k:" + key(_translated(name))}
        shape = shape_key(name)
        if shape:
            out.add("h:" + shape)
        core = core_name(name)
        if core and p.type != "person":
            out |= {"k:" + key(core), "r:" + roman_key(core), "h:" + shape_key(core)}
        out |= {"m:" + w for w in _meaning(name)}
        if len(k) >= 3:
            out.add("kp:" + k[:3])  # near spellings: 리벨리온 / 리벨리온스
        if len(k) >= 5:
            out.add("ks:" + k[-4:])  # 프렌들리에이아이 / 트렌들리에이아이
        for s in _sounds(name, person):
            out.add("s:" + s)
            if len(s) >= 4:
                out.add("sp:" + s[:4])
        # Initials pair a short name with the full names it abbreviates, not full names
        # with one another: "a" and "as" keys are given, "A" and "AS" keys taken.
        for initials in acronyms(name) | acronyms(_translated(name)):
            out.add("a:" + initials)
            out.add("as:" + "".join(sorted(initials)))
        if is_acronym(name):
            out |= {"A:" + k, "AS:" + "".join(sorted(k))}
    for scheme, values in p.identifiers.items():
        out |= {f"i:{scheme}:{v}" for v in values}
    out |= {"k:" + domain_label(d) for d in p.identifiers.get("domain", set())}
    out |= {"k:" + spelled_numbers(n) for n in p.names if any(c.isdigit() for c in n)}
    for names in p.leaders:
        out |= {"ld:" + x for n in names for x in person_keys(n)}
    out |= {"k:" + key(n) for n in _without_leads(p)}
    return {f"{p.type}|{k}" for k in out}


# Keys of near spellings only: a pair that shares no other key is scored only when some
# of its names are spelled or sound nearly alike (:func:`_near`).
_WEAK = ("kp:", "ks:", "sp:")
# Keys taken (short names) and the keys given (full names) they pair with.
_TAKEN = {"A:": "a:", "AS:": "as:"}


def _blocks(profiles: Iterable[Profile]) -> dict[str, list[Profile]]:
    blocks: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        for k in blocking_keys(p):
            blocks[k].append(p)
    return blocks


def _block_pairs(blocks: dict[str, list[Profile]], weak: bool) -> Iterator[tuple[Profile, Profile]]:
    for k, block in blocks.items():
        kind = k.split("|", 1)[1]
        if kind.startswith(_WEAK) != weak or len(block) > MAX_BLOCK:
            continue
        if kind.startswith(("a:", "as:")):
            continue  # given keys pair only with taken ones, below
        taken = next((t for t in _TAKEN if kind.startswith(t)), None)
        if taken is not None:
            given = blocks.get(k.replace("|" + taken, "|" + _TAKEN[taken], 1), [])
            if len(given) <= MAX_BLOCK:
                yield from ((a, b) for a in block for b in given)
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                yield a, b


def scored_pairs(profiles: Iterable[Profile]) -> Iterator[tuple[Profile, Profile, bool]]:
    """Each pair of profiles that share a blocking key (of a block not too common), once,
    and whether it shares more than a near spelling."""
    blocks = _blocks(profiles)
    seen: set[tuple[str, str]] = set()
    for weak in (False, True):
        for a, b in _block_pairs(blocks, weak):
            pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if a.id != b.id and pair not in seen:
                seen.add(pair)
                yield a, b, not weak


def candidate_pairs(profiles: Iterable[Profile]) -> Iterator[tuple[Profile, Profile]]:
    """Each pair of profiles that share a blocking key (of a block not too common), once."""
    return ((a, b) for a, b, _ in scored_pairs(profiles))


@lru_cache(maxsize=CACHE)
def _spellings(name: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(key, roman key, sound keys) of a name and of its core."""
    out = []
    for n in (name, core_name(name)):
        if n and key(n):
            out.append((key(n), roman_key(n), _sounds(n, False)))
    return tuple(out)


def _near(a: Profile, b: Profile) -> bool:
    """Whether any names of two profiles are spelled or sound nearly enough alike for a
    near-spelling rule of :func:`name_match` to hold (a cheap test, looser than those
    rules)."""
    if a.type == "alliance":
        return True
    for x in a.names:
        for y in b.names:
            if token_sort_ratio(x.casefold(), y.casefold(), score_cutoff=80):
                return True
            for kx, rx, sx in _spellings(x):
                for ky, ry, sy in _spellings(y):
                    if Levenshtein.distance(kx, ky, score_cutoff=1) <= 1:
                        return True
                    if ratio(kx, ky, score_cutoff=80) or ratio(rx, ry, score_cutoff=80):
                        return True
                    if any(ratio(p, q, score_cutoff=80) for p in sx for q in sy):
                        return True
    return False


def candidates(
    profiles: list[Profile],
    *,
    minimum: float = 0.3,
    skip: set[tuple[str, str]] | None = None,
) -> list[Candidate]:
    """Scored pairs of profiles at or above ``minimum``, best first, leaving out the pairs
    in ``skip`` (already judged)."""
    skip = skip or set()
    found: list[Candidate] = []
    for a, b, strong in scored_pairs(profiles):
        pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if pair in skip or not (strong or _near(a, b)):
            continue
        c = score(a, b)
        if c is not None and c.score >= minimum:
            found.append(c)
    return sorted(found, key=lambda c: (-c.score, c.a, c.b))
