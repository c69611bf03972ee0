"""What people look at: charts (PNG, SVG) and the Neo4j Browser guide."""
