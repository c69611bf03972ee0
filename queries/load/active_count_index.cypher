// The kept count of alliances per organisation without proposals (written by every
// load with _alliance_count, see alliancekg.neo4j.load.with_alliance_counts):
// multi_alliance_firms finds a page without include_proposed by this index.
CREATE RANGE INDEX organization_alliance_count_active IF NOT EXISTS
FOR (n:Organization) ON (n._alliance_count_active)
