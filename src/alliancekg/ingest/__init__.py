"""From seed files to a checked graph: reading YAML, checking values, resolving names,
building the RDF graph, and validating it against the SHACL shapes and the source texts."""
