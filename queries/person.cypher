// One person: posts and quotes
//
// Answers: who is this person (posts held, in which organisation, since
// when) and what have they said, where, about what, according to which source?
//
// Parameters:
//   id  person id, e.g. 'ryu-young-sang'
//
:param id => 'ryu-young-sang';

MATCH (p:Person {id: $id})
CALL (p) {
  OPTIONAL MATCH (p)-[h:HOLDS_POST]->(o:Organization)
  WITH o, h ORDER BY o.id
  RETURN collect(CASE WHEN h IS NULL THEN null ELSE
           {post: h.id, organization: o.id, organization_ko: o.name_ko,
            organization_en: o.name_en, title_ko: h.title_ko, title_en: h.title_en,
            since: h.since, until: h.until, sources: h.sources,
            evidence_ko: h.evidence_ko} END) AS posts
}
CALL (p) {
  OPTIONAL MATCH (q:Quote)-[:SAID_BY]->(p)
  OPTIONAL MATCH (q)-[:ABOUT]->(x)
  WITH q, collect({id: x.id, name_ko: x.name_ko, name_en: x.name_en}) AS about
  ORDER BY q.id
  RETURN collect(CASE WHEN q IS NULL THEN null ELSE
           q {.*, about: [t IN about WHERE t.id IS NOT NULL]} END) AS quotes
}
RETURN p {.*} AS person, posts, quotes;
