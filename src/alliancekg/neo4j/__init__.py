"""Neo4j: connecting (one driver factory), the schema, reading the graph back, and the
all-or-nothing load. Only this package and ``backends.neo4j`` talk to the driver."""
