// The names of the constraints the database has: a load creates only those of its
// schema that are missing (each CREATE is a round trip under a schema lock, even when
// IF NOT EXISTS finds it there).
SHOW CONSTRAINTS YIELD name
RETURN name
