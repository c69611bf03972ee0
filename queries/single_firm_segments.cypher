// Segments only one firm covers
//
// Answers: which value-chain segments does exactly one firm cover across
// all alliances? Only firms with an active membership of a launched alliance
// count, so the answer is about what the alliances, together, depend on.
// Whether another firm covers the segment too is
//   absent   when every such firm is placed (has at least one segment
//            assignment): the firm is the only one;
//   unknown  when some are not placed: they may cover it (unplaced lists them).
// firms_placed of firms_total say how much the answer rests on.
//
// Parameters: none.
//
CALL () {
  MATCH (f:Organization)
  WHERE NOT f:Alliance AND EXISTS {
    MATCH (f)-[m:MEMBER_OF]->(a:Alliance) WHERE m.status = 'active' AND a.status = 'active'
  }
  WITH f, EXISTS { (f)-[:IN_SEGMENT]->(:Segment) } AS placed
  ORDER BY f.id
  RETURN count(f) AS firms_total, count(CASE WHEN placed THEN f END) AS firms_placed,
         collect(CASE WHEN NOT placed THEN
           {id: f.id, name_ko: f.name_ko, name_en: f.name_en} END) AS not_placed
}
MATCH (seg:Segment)<-[s:IN_SEGMENT]-(f:Organization)
WHERE NOT f:Alliance AND EXISTS {
  MATCH (f)-[m:MEMBER_OF]->(a:Alliance) WHERE m.status = 'active' AND a.status = 'active'
}
WITH firms_total, firms_placed, not_placed, seg,
     collect(DISTINCT {id: f.id, name_ko: f.name_ko, name_en: f.name_en,
                       basis: s.basis, sources: s.sources}) AS firms
WHERE size(firms) = 1
WITH firms_total, firms_placed, not_placed, seg, firms,
     CASE WHEN firms_placed = firms_total THEN 'absent' ELSE 'unknown' END AS other_firms
RETURN seg.id AS segment, seg.name_ko AS segment_ko, seg.name_en AS segment_en,
       firms[0] AS firm, other_firms,
       CASE WHEN other_firms = 'unknown' THEN not_placed ELSE [] END AS unplaced,
       firms_placed, firms_total
ORDER BY seg.order;
