"""The property-graph mapping: inverse of itself, and documented as it is."""

from __future__ import annotations

from rdflib.compare import isomorphic

from alliancekg.ingest.validation import validate_seeds
from alliancekg.rdf.mapping import from_property_graph, to_property_graph
from alliancekg.rdf.mapping_doc import BEGIN, END, render
from alliancekg.rdf.propertygraph import lang_key
from tests.paths import FIXTURES, ROOT, SEEDS


def test_docs_mapping_holds_the_tables_the_ontology_gives() -> None:
    doc = (ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    generated = doc[doc.index(BEGIN) + len(BEGIN) : doc.index(END)].strip()
    assert generated == render().strip(), "run: alliancekg mapping, and paste into docs/mapping.md"


def test_seed_graph_survives_the_property_graph_mapping() -> None:
    graph = validate_seeds([SEEDS]).graph
    assert isomorphic(graph, from_property_graph(to_property_graph(graph)))


def test_names_keep_every_language_as_its_own_property() -> None:
    pg = to_property_graph(validate_seeds([SEEDS]).graph)
    skt = pg.nodes["sk-telecom"]
    assert skt.props["name_ko"] == "SK텔레콤"
    assert skt.props["name_en"] == "SK Telecom"
    assert skt.labels == ("Company", "Organization")
    assert lang_key("name", "zh-Hant") == "name_zh_hant"


def test_rejoined_memberships_are_two_relationships() -> None:
    pg = to_property_graph(validate_seeds([FIXTURES / "rejoin"]).graph)
    rels = [r for r in pg.rels.values() if r.type == "MEMBER_OF"]
    assert sorted((r.props["joined"], r.props.get("left")) for r in rels) == [
        ("2021", "2022-03"),
        ("2023-06", None),
    ]
    assert len({r.id for r in rels}) == 2
