// The kept count of alliances per organisation (written by every load, see
// alliancekg.neo4j.load.with_alliance_counts): multi_alliance_firms finds the firms
// that can reach a page, and those with enough alliances, by this index.
CREATE RANGE INDEX organization_alliance_count IF NOT EXISTS
FOR (n:Organization) ON (n._alliance_count)
