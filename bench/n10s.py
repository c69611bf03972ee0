"""What a user would pick instead to get RDF into Neo4j: Neo4j Labs neosemantics (n10s)
importing the same N-Triples, against ``alliancekg``'s own write of the same seeds.

n10s is not on Maven Central; build it from its public source (tag ``5.26.0``, the line
for Neo4j 5.26) and put the jar in the server's ``plugins/`` folder::

    git clone --branch 5.26.0 https://github.com/neo4j-labs/neosemantics
    # drop the test-scoped dependencies (it-test-support is not published for 5.26.x)
    mvn -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dneo4j.version=5.26.30 package
    cp target/neosemantics-*.jar "$NEO4J_LOCAL_HOME/plugins/"   # then restart the server

Then, with ``NEO4J_URI`` naming that server (a throw-away database: both imports wipe
it), ``python -m bench.n10s --sizes 100000``. Per size, in one process:

* the seeds read, checked and mapped once (not timed here: ``bench.load`` measures it);
* N-Triples written from the property graph (what ``alliancekg export -f nt`` writes);
* n10s: an empty database, its constraint and graph config (``handleVocabUris:
  'IGNORE'``), then ``n10s.rdf.import.inline`` of the N-Triples in pieces of
  ``BENCH_N10S_PIECE`` lines, timed;
* ``alliancekg``: an empty database, then ``alliancekg.neo4j.load.load`` of the same
  property graph (schema included), timed.

The two graphs differ in shape (n10s keeps RDF's: a node per resource, literals as
properties, every ``rdf:type`` a label); both hold every statement of the seeds.
"""

from __future__ import annotations

import os
import time
from typing import Any

from bench.common import commit_every, driver, report, seed_dir, settings, sizes_arg

PIECE = int(os.environ.get("BENCH_N10S_PIECE", "100000"))


def _wipe(d: Any, db: str) -> None:
    with d.session(database=db) as session:  # IN TRANSACTIONS needs an implicit one
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    for c in d.execute_query("SHOW CONSTRAINTS YIELD name", database_=db).records:
        d.execute_query(f"DROP CONSTRAINT {c['name']}", database_=db)
    for i in d.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'", database_=db
    ).records:
        d.execute_query(f"DROP INDEX {i['name']}", database_=db)
    d.execute_query("MATCH (c:_GraphConfig) DELETE c", database_=db)


def one_size(size: int) -> list[dict[str, Any]]:
    from alliancekg.ingest.validation import validate_seeds
    from alliancekg.neo4j.load import load
    from alliancekg.ontology.model import model
    from alliancekg.rdf.ntriples import PropertyGraphWriter

    s = settings(timeout=3600.0)
    db = s.neo4j_database
    d = driver()
    rows: list[dict[str, Any]] = []
    try:
        pg = validate_seeds([seed_dir(size)], s.base_iri).property_graph
        text = PropertyGraphWriter(s.base_iri, model()).write(pg).decode()
        lines = text.splitlines()
        memberships = sum(1 for r in pg.rels.values() if r.type == "MEMBER_OF")

        _wipe(d, db)
        d.execute_query(
            "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS "
            "FOR (r:Resource) REQUIRE r.uri IS UNIQUE",
            database_=db,
        )
        d.execute_query("CALL n10s.graphconfig.init({handleVocabUris: 'IGNORE'})", database_=db)
        t = time.perf_counter()
        loaded = 0
        for i in range(0, len(lines), PIECE):
            piece = "\n".join(lines[i : i + PIECE])
            rec = d.execute_query(
                "CALL n10s.rdf.import.inline($rdf, 'N-Triples') "
                "YIELD terminationStatus, triplesLoaded RETURN *",
                rdf=piece,
                database_=db,
            ).records[0]
            if rec["terminationStatus"] != "OK":
                raise RuntimeError(f"n10s stopped: {rec}")
            loaded += rec["triplesLoaded"]
        n10s_s = time.perf_counter() - t
        rows.append(
            {
                "size": size,
                "memberships": memberships,
                "case": f"n10s.rdf.import.inline, pieces of {PIECE:,} lines",
                "triples": loaded,
                "s": n10s_s,
                "memberships_per_s": memberships / n10s_s,
                "triples_per_s": loaded / n10s_s,
            }
        )

        _wipe(d, db)
        t = time.perf_counter()
        load(d, db, pg, s.neo4j_uri or "", commit_every=commit_every(size))
        own_s = time.perf_counter() - t
        rows.append(
            {
                "size": size,
                "memberships": memberships,
                "case": "alliancekg.neo4j.load.load of the same seeds (schema included)",
                "triples": len(lines),
                "s": own_s,
                "memberships_per_s": memberships / own_s,
                "triples_per_s": len(lines) / own_s,
                "x_n10s": n10s_s / own_s,
            }
        )
        _wipe(d, db)
    finally:
        d.close()
    return rows


def main() -> None:
    rows: list[dict[str, Any]] = []
    for size in sizes_arg():
        rows += one_size(size)
    report("n10s", rows, {"piece_lines": PIECE})


if __name__ == "__main__":
    main()
