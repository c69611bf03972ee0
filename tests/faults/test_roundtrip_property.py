"""Property: any valid seed set, with arbitrary Unicode names and aliases, goes
seeds → Neo4j → RDF losslessly, and every name comes back as its NFC form.

Names are drawn from all of Unicode except what YAML and Neo4j cannot hold
(surrogates, control characters, the non-characters U+FFFE/U+FFFF): combining
marks, right-to-left text, zero-width joiners, emoji and private-use
characters are in. Aliases that the documented rules forbid (one naming two
entities, or a segment) are left out, since those seed sets are not valid.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver
from rdflib import Literal
from rdflib.namespace import SKOS

from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load, wipe
from alliancekg.ontology.names import normalize_name
from alliancekg.ontology.segments import segment_names
from alliancekg.rdf.mapping import to_property_graph
from tests.support import assert_isomorphic, graph_from_neo4j

# Bounded for CI; ALLIANCEKG_PROPERTY_EXAMPLES=500 searches harder.
EXAMPLES = int(os.environ.get("ALLIANCEKG_PROPERTY_EXAMPLES", "15"))

CHARS = st.characters(
    exclude_categories=("Cs", "Cc"),
    exclude_characters="\ufffe\uffff",
)
# Characters that make names tricky, drawn more often than chance would.
TRICKY = st.sampled_from(
    [
        "\u0301",  # combining acute
        "\u200d",  # zero-width joiner
        "\u200b",  # zero-width space
        "\u202e",  # right-to-left override
        "\u05d0",  # Hebrew alef
        "\u0627",  # Arabic alef
        "\U0001f469\u200d\U0001f4bb",  # ZWJ emoji sequence
        "\U0001f1f0\U0001f1f7",  # flag
        "\u1100\u1161",  # conjoining jamo
        "\u212b",  # ANGSTROM SIGN (NFC: Å)
        "\ufeff",
        "\u3000",
        "'",
        '"',
        "`",
        "$",
        "\\",
        "#",
        ": ",
        "- ",
    ]
)
TEXT = st.lists(
    st.one_of(st.text(CHARS, min_size=1, max_size=6), TRICKY), min_size=1, max_size=4
).map("".join)
LANG_NAMES = st.dictionaries(st.sampled_from(["ko", "en"]), TEXT, min_size=1, max_size=2)


@st.composite
def partial_date(draw: Any, low: int = 1990, high: int = 2030) -> tuple[int, str]:
    year = draw(st.integers(low, high))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return year, f"{year}"
    month = draw(st.integers(1, 12))
    if precision == "month":
        return year, f"{year}-{month:02d}"
    return year, f"{year}-{month:02d}-{draw(st.integers(1, 28)):02d}"


@st.composite
def seed_sets(draw: Any) -> dict[str, Any]:
    n_orgs = draw(st.integers(1, 4))
    n_alliances = draw(st.integers(1, 2))
    taken = {normalize_name(n) for names in segment_names().values() for n in names}
    taken |= {normalize_name(i) for i in segment_names()}
    entities: list[dict[str, Any]] = []
    for i in range(n_orgs + n_alliances):
        names = draw(LANG_NAMES)
        entity: dict[str, Any] = (
            {"id": f"org-{i}", "kind": "company", "name": names}
            if i < n_orgs
            else {
                "id": f"alliance-{i}",
                "name": names,
                "status": draw(st.sampled_from(["active", "proposed"])),
            }
        )
        entities.append(entity)
    # An alias may name one entity only: not another's name or alias, nor a segment.
    name_keys = [{normalize_name(n) for n in e["name"].values()} for e in entities]
    alias_keys: set[str] = set()
    for i, entity in enumerate(entities):
        aliases = []
        for alias in draw(st.lists(TEXT, max_size=2)):
            key = normalize_name(alias)
            others = set().union(*(k for j, k in enumerate(name_keys) if j != i))
            if key in taken or key in others or key in alias_keys:
                continue
            alias_keys.add(key)
            aliases.append(alias)
        if aliases:
            entity["aliases"] = aliases
    orgs = entities[:n_orgs]
    alliances = entities[n_orgs:]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(orgs), st.sampled_from(alliances)),
            max_size=4,
            unique_by=lambda p: (p[0]["id"], p[1]["id"]),
        )
    )
    memberships = []
    for org, alliance in pairs:
        m: dict[str, Any] = {
            "member": org["id"],
            "alliance": alliance["id"],
            "role": draw(st.sampled_from(["founder", "lead", "member"])),
            "status": "active",
        }
        when = draw(st.sampled_from(["none", "absolute", "relative"]))
        if when == "relative":
            m["joined"] = draw(st.sampled_from(["Y0", "Y-1", "Y0-06", "Y-2-12"]))
        elif when == "absolute":
            year, joined = draw(partial_date())
            m["joined"] = joined
            if draw(st.booleans()):
                m["left"] = draw(partial_date(low=year + 1, high=year + 5))[1]
                m["status"] = "ended"
        memberships.append(m)
    return {
        "source": {"id": "prop-source", "kind": "curation", "title": {"en": "generated"}},
        "organizations": orgs,
        "alliances": alliances,
        "memberships": memberships,
    }


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(doc=seed_sets())
def test_any_valid_seed_set_round_trips_through_neo4j(
    doc: dict[str, Any], fault_driver: Driver, neo4j_settings: Settings
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        graph = validate_seeds([path]).graph  # valid data must validate
    # Every name and alias is kept, as its NFC form, with its language.
    expected_labels = set()
    for entity in doc["organizations"] + doc["alliances"]:
        for lang, name in entity["name"].items():
            expected_labels.add((SKOS.prefLabel, Literal(nfc(name), lang=lang)))
        for alias in entity.get("aliases", []):
            expected_labels.add((SKOS.altLabel, Literal(nfc(alias))))
    got = {(p, o) for _, p, o in graph if p in (SKOS.prefLabel, SKOS.altLabel)}
    assert expected_labels <= got
    db = neo4j_settings.neo4j_database
    wipe(fault_driver, db)
    try:
        load(fault_driver, db, to_property_graph(graph))
        assert_isomorphic(graph, graph_from_neo4j(fault_driver, neo4j_settings))
        records = fault_driver.execute_query(
            "MATCH (n:Organization) WHERE n.id STARTS WITH 'org-' OR n.id STARTS WITH "
            "'alliance-' RETURN n.id AS id, n.name_ko AS ko, n.name_en AS en, n.aliases AS a",
            database_=db,
        ).records
        stored = {r["id"]: r for r in records}
        for entity in doc["organizations"] + doc["alliances"]:
            r = stored[entity["id"]]
            for lang in ("ko", "en"):
                want = entity["name"].get(lang)
                assert r[lang] == (nfc(want) if want is not None else None)
            assert sorted(r["a"] or []) == sorted({nfc(a) for a in entity.get("aliases", [])})
    finally:
        wipe(fault_driver, db)
