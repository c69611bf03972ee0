// The graph's version: nothing is read; the read transaction's bookmark names the
// last transaction the database committed, so it changes with every write.
RETURN 1 AS one
