"""Each queries/*.cypher file, run the way Neo4j Browser runs it when pasted whole:
every `:param name => expr;` line is evaluated by the server (`RETURN expr`),
then the Cypher runs with those parameters, here on the seed data (seeds/).

The file is read here independently of alliancekg.queries, so that a file the
project's own reader would accept but Browser would not is caught."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, Query

from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings, home
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load, wipe
from alliancekg.questions.catalogue import named_query
from alliancekg.rdf.mapping import to_property_graph
from alliancekg.rdf.propertygraph import without_index_keys
from tests.paths import SEEDS

QUERY_FILES = sorted(home().queries.glob("*.cypher"))
PARAM_LINE = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?)\s*;\s*$")

# Files whose default parameters name something in seeds/ (an alliance, a firm,
# a person, an alias): pasted into Browser on the seed data, they must answer.
ANSWERS_ON_SEEDS = {
    "alliance": "id 'k-ai-alliance'",
    "alliance_overlap": "'k-ai-alliance' and 'korean-avengers'",
    "alliance_segment_gaps": "alliance 'ax-alliance'",
    "company": "id 'sk-telecom'",
    "members_as_of": "alliance 'ax-alliance'",
    "neighbourhood": "id 'sk-telecom'",
    "person": "id 'ryu-young-sang'",
    "quotes": "about 'k-ai-alliance'",
    "search": "q 'SKT', an alias of sk-telecom",
}


class BrowserFile:
    """What Browser sees in one pasted file: header comments, :param commands, one statement."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.header: list[str] = []
        self.params: list[tuple[str, str]] = []
        body: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(":param"):
                m = PARAM_LINE.match(stripped)
                assert m, f"{path.name}: Browser cannot read {stripped!r}"
                self.params.append((m.group(1), m.group(2)))
            elif stripped.startswith("//"):
                if not body and not self.params:
                    self.header.append(stripped[2:])
            elif stripped:
                body.append(line)
        self.cypher = "\n".join(body).strip()

    def statement(self) -> str:
        assert self.cypher.endswith(";"), f"{self.path.name}: the statement does not end in ';'"
        text = self.cypher[:-1]
        # Browser splits the editor at ';': the file must hold one statement
        assert ";" not in text, f"{self.path.name}: more than one statement"
        return text


@pytest.fixture(scope="module")
def seeds_graph(session_driver: Driver, neo4j_settings: Settings) -> Iterator[set[str]]:
    """seeds/ loaded; yields the ids of everything in it."""
    wipe(session_driver, neo4j_settings.neo4j_database)
    pg = to_property_graph(validate_seeds([SEEDS]).graph)
    load(session_driver, neo4j_settings.neo4j_database, pg)
    yield set(pg.nodes) | {r.id for r in pg.rels.values() if r.id}
    wipe(session_driver, neo4j_settings.neo4j_database)


def browser_params(driver: Driver, database: str, f: BrowserFile) -> dict[str, Any]:
    """What `:param name => expr` does: the server evaluates the expression."""
    values: dict[str, Any] = {}
    for name, expr in f.params:
        records = driver.execute_query(f"RETURN {expr} AS value", database_=database).records
        values[name] = records[0]["value"]
    return values


def test_there_are_query_files() -> None:
    assert len(QUERY_FILES) >= 15


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_header_names_every_parameter(path: Path) -> None:
    f = BrowserFile(path)
    assert f.header and f.header[0].strip(), f"{path.name}: no title comment"
    header = "\n".join(f.header)
    if not f.params:
        assert "Parameters: none" in header, f"{path.name}: say 'Parameters: none'"
        return
    assert "Parameters:" in header, f"{path.name}: no 'Parameters:' section"
    section = header.split("Parameters:", 1)[1]
    documented = set(re.findall(r"^\s{2,}([a-z_]+)\s{2,}\S", section, flags=re.M))
    assert documented == {name for name, _ in f.params}, path.name


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_runs_as_browser_runs_it(
    seeds_graph: set[str], session_driver: Driver, neo4j_settings: Settings, path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    f = BrowserFile(path)
    params = browser_params(session_driver, db, f)
    rows = [
        r.data()
        for r in session_driver.execute_query(Query(f.statement()), params, database_=db).records
    ]

    # the API and the CLI use the same defaults, and get the same answer, less the
    # index-only properties (_search) that Browser shows for `n {.*}`
    assert named_query(path.stem).defaults == params
    backend = Neo4jBackend(neo4j_settings)
    try:
        assert backend.run(path.stem, {}) == without_index_keys(rows)
    finally:
        backend.close()

    names_seed_data = any(isinstance(v, str) and v in seeds_graph for v in params.values())
    if names_seed_data:
        assert path.stem in ANSWERS_ON_SEEDS, f"{path.name}: defaults {params} name seed data"
    if path.stem in ANSWERS_ON_SEEDS:
        assert rows, f"{path.name} with {ANSWERS_ON_SEEDS[path.stem]} answers nothing on seeds/"
