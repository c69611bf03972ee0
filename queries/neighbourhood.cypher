// The neighbourhood of an organisation, alliance or person, for a graph view
//
// Answers: what is this entity linked to, and what are those linked to in
// turn by membership? One row per relationship: every membership, post,
// segment assignment, part-of and proposed-by link of the entity, and every
// membership of the organisations, alliances and people one such link away
// (an alliance's members' other alliances; a firm's alliances' other members).
// Each row names both ends (id, kind, Korean and English name) and, for a
// membership, its role and status.
//
// Parameters:
//   id  organisation, alliance or person id, e.g. 'sk-telecom'
//
:param id => 'sk-telecom';

CALL () {
  MATCH (x:Organization {id: $id}) RETURN x
  UNION
  MATCH (x:Person {id: $id}) RETURN x
}
CALL (x) {
  MATCH (x)-[r:MEMBER_OF|HOLDS_POST|IN_SEGMENT|PART_OF|PROPOSED_BY]-()
  RETURN r
  UNION
  MATCH (x)-[:MEMBER_OF|HOLDS_POST|PART_OF|PROPOSED_BY]-(n)-[r:MEMBER_OF]-()
  RETURN r
}
WITH DISTINCT r
WITH r, startNode(r) AS s, endNode(r) AS t
RETURN r.id AS id, type(r) AS type,
       s.id AS source, [l IN labels(s) WHERE l <> 'Organization'][0] AS source_kind,
       s.name_ko AS source_ko, s.name_en AS source_en,
       t.id AS target, [l IN labels(t) WHERE l <> 'Organization'][0] AS target_kind,
       t.name_ko AS target_ko, t.name_en AS target_en,
       r.role AS role, r.status AS status
ORDER BY type, source, target, id;
