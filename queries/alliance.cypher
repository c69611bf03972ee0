// One alliance: what it is, who is in it, what is said about it
//
// Answers: everything the graph holds about one alliance: names, status,
// launch date as precisely as known, goals, members with role, dates and
// sources, the figures, events and quotes about it, and who proposed it.
//
// Parameters:
//   id  alliance id, e.g. 'k-ai-alliance'
//
:param id => 'k-ai-alliance';

MATCH (a:Alliance {id: $id})
CALL (a) {
  OPTIONAL MATCH (f:Organization)-[m:MEMBER_OF]->(a)
  WITH f, m ORDER BY m.role, f.id
  RETURN collect(CASE WHEN m IS NULL THEN null ELSE
           {id: f.id, name_ko: f.name_ko, name_en: f.name_en, membership: m.id, role: m.role,
            status: m.status, joined: m.joined, joined_text_ko: m.joined_text_ko,
            left: m.left, basis: m.basis, reason: m.reason, sources: m.sources,
            evidence_ko: m.evidence_ko} END) AS members
}
CALL (a) {
  OPTIONAL MATCH (x:Figure)-[:ABOUT]->(a)
  WITH x ORDER BY x.id
  RETURN collect(x {.*}) AS figures
}
CALL (a) {
  OPTIONAL MATCH (e:Event)-[:ABOUT]->(a)
  WITH e ORDER BY e.id
  RETURN collect(e {.*}) AS events
}
CALL (a) {
  OPTIONAL MATCH (q:Quote)-[:ABOUT]->(a)
  OPTIONAL MATCH (q)-[:SAID_BY]->(p:Person)
  WITH q, p ORDER BY q.id
  RETURN collect(CASE WHEN q IS NULL THEN null ELSE
           q {.*, speaker: p.id, speaker_ko: p.name_ko, speaker_en: p.name_en} END) AS quotes
}
CALL (a) {
  OPTIONAL MATCH (a)-[:PROPOSED_BY]->(p)
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE
           {id: p.id, name_ko: p.name_ko, name_en: p.name_en} END) AS proposed_by
}
// (the kept member ids left out: a long list the answer already holds as members)
RETURN a {.*, _members: null} AS alliance, members, figures, events, quotes, proposed_by;
