// Segments only one firm covers
//
// Answers: which value-chain segments does exactly one firm cover across
// all alliances? Only firms with an active membership of a launched alliance
// count, so the answer is about what the alliances, together, depend on.
//
// Parameters: none.
//
MATCH (seg:Segment)<-[s:IN_SEGMENT]-(f:Organization)
WHERE NOT f:Alliance AND EXISTS {
  MATCH (f)-[m:MEMBER_OF]->(a:Alliance) WHERE m.status = 'active' AND a.status = 'active'
}
WITH seg, collect(DISTINCT {id: f.id, name_ko: f.name_ko, name_en: f.name_en,
                            basis: s.basis, sources: s.sources}) AS firms
WHERE size(firms) = 1
RETURN seg.id AS segment, seg.name_ko AS segment_ko, seg.name_en AS segment_en,
       firms[0] AS firm
ORDER BY seg.order;
