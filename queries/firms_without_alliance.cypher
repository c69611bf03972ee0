// Firms in no alliance
//
// Answers: which companies in the graph belong to no launched alliance? A
// company whose only memberships are proposals (e.g. named for the
// "대한민국 어벤저스" idea) is listed, with those proposals.
//
// Parameters: none.
//
MATCH (c:Company)
WHERE NOT EXISTS {
  MATCH (c)-[m:MEMBER_OF]->(a:Alliance) WHERE m.status = 'active' AND a.status = 'active'
}
OPTIONAL MATCH (c)-[m:MEMBER_OF]->(p:Alliance)
WITH c, collect(CASE WHEN p IS NULL THEN null ELSE
       {alliance: p.id, alliance_ko: p.name_ko, role: m.role, status: m.status,
        sources: m.sources} END) AS proposals
RETURN c.id AS id, c.name_ko AS name_ko, c.name_en AS name_en, proposals
ORDER BY id;
