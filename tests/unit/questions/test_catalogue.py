"""Which questions can bring index-only properties along: only those that return a
node's whole property map. Neo4j's answers to the others are served without a walk
through every value (the parity tests hold both kinds to the embedded answers)."""

from __future__ import annotations

from alliancekg.questions.catalogue import named_query, parse_query, query_names


def test_whole_property_maps_are_found_in_the_cypher() -> None:
    whole = {name for name in query_names() if named_query(name).whole_maps}
    assert whole == {"alliance", "company", "mega_alliance", "person"}
    assert parse_query("x", "MATCH (n) RETURN properties(n) AS p").whole_maps
    assert not parse_query("x", "MATCH (n) RETURN n.id AS id").whole_maps
