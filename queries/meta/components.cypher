// The server's version and edition (for /health and `alliancekg doctor`); the
// server's address comes with the answer's summary.
CALL dbms.components() YIELD name, versions, edition
RETURN versions[0] AS version, edition
