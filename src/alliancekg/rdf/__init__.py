"""The graph as RDF: terms, the mapping to and from the Neo4j property graph, and the
serialisation formats."""
