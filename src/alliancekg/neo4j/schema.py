"""The schema the loader keeps: a unique id per label and per relationship type, the
full-text name index, and the index of the kept alliance counts."""

from __future__ import annotations

import re

from neo4j import Driver

from ..ontology.model import Model, model
from ..rdf.propertygraph import SEARCH_KEY
from .statements import load_statement, read_query


def index_labels(statement: str) -> list[str]:
    """The labels a ``CREATE FULLTEXT INDEX ... FOR (n:A|B)`` statement covers."""
    found = re.search(r"FOR\s*\(\s*\w+\s*:\s*([\w|`]+)\s*\)", statement)
    if found is None:
        raise ValueError(f"no labels in {statement!r}")
    return sorted(label.strip("`") for label in found.group(1).split("|"))


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def ensure_schema(driver: Driver, database: str, m: Model | None = None) -> None:
    """Unique ids per label and per relationship type, the name index and the count
    index; idempotent."""
    m = m or model()
    have = {
        r["name"]
        for names in ("constraint_names", "index_names")
        for r in driver.execute_query(
            read_query(f"load/{names}.cypher"), database_=database
        ).records
    }
    for label in m.node_labels():
        name = f"{_snake(label)}_id"
        if name not in have:
            driver.execute_query(
                load_statement("node_constraint", label=label, name=name), database_=database
            )
    for cls in m.classes.values():
        name = f"{(cls.rel_type or '').lower()}_id"
        if cls.rel_type is not None and name not in have:
            driver.execute_query(
                load_statement("rel_constraint", type=cls.rel_type, name=name),
                database_=database,
            )
    wanted = read_query("load/name_index.cypher")
    current = driver.execute_query(
        read_query("load/name_index_definition.cypher"), database_=database
    ).records
    if current and (
        sorted(current[0]["labelsOrTypes"]) != index_labels(wanted)
        or current[0]["properties"] != [SEARCH_KEY]
        or current[0]["analyzer"] != "cjk"
    ):
        driver.execute_query(read_query("load/drop_name_index.cypher"), database_=database)
    driver.execute_query(wanted, database_=database)
    if "organization_alliance_count" not in have:
        driver.execute_query(read_query("load/count_index.cypher"), database_=database)
    if "organization_alliance_count_active" not in have:
        driver.execute_query(read_query("load/active_count_index.cypher"), database_=database)
    driver.execute_query(read_query("load/await_indexes.cypher"), database_=database)
