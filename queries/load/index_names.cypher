// The names of the indexes the database has (see constraint_names.cypher).
SHOW INDEXES YIELD name
RETURN name
