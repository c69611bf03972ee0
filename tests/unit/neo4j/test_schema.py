"""The schema statements, read without a server."""

from __future__ import annotations

from alliancekg.neo4j.schema import index_labels
from alliancekg.neo4j.statements import read_query


def test_the_name_index_covers_the_labels_its_statement_names() -> None:
    """The loader compares the index it finds with these, and replaces it when they differ."""
    assert index_labels(read_query("load/name_index.cypher")) == [
        "Organization",
        "Person",
        "Segment",
    ]
