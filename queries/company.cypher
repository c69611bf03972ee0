// One firm (or any organisation): memberships, segments, people, quotes
//
// Answers: which alliances is this organisation in (role, dates, sources),
// which segments does it cover (and on what basis), who holds posts in it,
// and which quotes are about it; what it is part of (its parent, and the
// group at the top of that chain) and which units are part of it. Every fact
// comes with its sources and the source's sentence (evidence) where there is one.
//
// Parameters:
//   id  organisation id, e.g. 'sk-telecom'
//
:param id => 'sk-telecom';

MATCH (o:Organization {id: $id})
WHERE NOT o:Alliance
CALL (o) {
  OPTIONAL MATCH (o)-[m:MEMBER_OF]->(a:Alliance)
  WITH a, m ORDER BY a.id
  RETURN collect(CASE WHEN m IS NULL THEN null ELSE
           {alliance: a.id, alliance_ko: a.name_ko, alliance_en: a.name_en,
            alliance_status: a.status, membership: m.id, role: m.role, status: m.status,
            joined: m.joined, left: m.left, basis: m.basis, reason: m.reason,
            sources: m.sources, evidence_ko: m.evidence_ko} END) AS memberships
}
CALL (o) {
  OPTIONAL MATCH (o)-[s:IN_SEGMENT]->(seg:Segment)
  WITH seg, s ORDER BY seg.order
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE
           {segment: seg.id, segment_ko: seg.name_ko, segment_en: seg.name_en,
            basis: s.basis, reason: s.reason, sources: s.sources,
            evidence_ko: s.evidence_ko} END) AS segments
}
CALL (o) {
  OPTIONAL MATCH (p:Person)-[h:HOLDS_POST]->(o)
  WITH p, h ORDER BY p.id
  RETURN collect(CASE WHEN h IS NULL THEN null ELSE
           {person: p.id, name_ko: p.name_ko, name_en: p.name_en, title_ko: h.title_ko,
            title_en: h.title_en, since: h.since, until: h.until, sources: h.sources,
            evidence_ko: h.evidence_ko} END) AS people
}
CALL (o) {
  OPTIONAL MATCH (q:Quote)-[:ABOUT]->(o)
  OPTIONAL MATCH (q)-[:SAID_BY]->(p:Person)
  WITH q, p ORDER BY q.id
  RETURN collect(CASE WHEN q IS NULL THEN null ELSE
           q {.*, speaker: p.id, speaker_ko: p.name_ko, speaker_en: p.name_en} END) AS quotes
}
CALL (o) {
  OPTIONAL MATCH (u:Organization)-[:PART_OF]->(o)
  WITH u ORDER BY u.id
  RETURN collect(CASE WHEN u IS NULL THEN null ELSE
           {id: u.id, name_ko: u.name_ko, name_en: u.name_en} END) AS units
}
CALL (o) {
  OPTIONAL MATCH (o)-[:PART_OF*1..]->(top:Organization)
  WHERE NOT EXISTS { (top)-[:PART_OF]->() }
  RETURN collect(top)[0] AS top
}
OPTIONAL MATCH (o)-[:PART_OF]->(parent:Organization)
RETURN o {.*} AS organization,
       [l IN labels(o) WHERE l <> 'Organization'][0] AS kind,
       CASE WHEN parent IS NULL THEN null
            ELSE {id: parent.id, name_ko: parent.name_ko, name_en: parent.name_en} END AS part_of,
       CASE WHEN top IS NULL THEN null
            ELSE {id: top.id, name_ko: top.name_ko, name_en: top.name_en} END AS group,
       units, memberships, segments, people, quotes;
