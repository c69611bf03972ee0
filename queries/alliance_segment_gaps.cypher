// The value-chain segments an alliance does not cover, and what is unknown
//
// Answers: which parts of the AI value chain does this alliance lack, and
// who covers the parts it has? Every segment is one of
//   covered  an active (or, for a proposed alliance, proposed) member is
//            assigned to it, or the alliance itself is: covered_by says who,
//            on what basis (stated, inferred, curator judgment) and the sources;
//   absent   every member is placed (has at least one segment assignment)
//            and none covers it: the alliance lacks it, as far as its known
//            members go;
//   unknown  nobody known covers it, but some members are not placed (they
//            may cover it; unplaced lists them), or no member is known.
// members_placed of members_total say how much of the alliance the answer
// rests on. Absent segments come first, then unknown, then covered, each in
// value-chain order.
//
// Parameters:
//   alliance  alliance id, e.g. 'ax-alliance'
//
:param alliance => 'ax-alliance';

MATCH (a:Alliance {id: $alliance})
CALL (a) {
  OPTIONAL MATCH (f:Organization)-[m:MEMBER_OF]->(a)
  WHERE m.status IN ['active', 'proposed']
  WITH DISTINCT f
  WITH f, f IS NOT NULL AND EXISTS { (f)-[:IN_SEGMENT]->(:Segment) } AS placed
  ORDER BY f.id
  RETURN count(f) AS members_total,
         count(CASE WHEN placed THEN f END) AS members_placed,
         collect(CASE WHEN f IS NOT NULL AND NOT placed THEN
           {id: f.id, name_ko: f.name_ko, name_en: f.name_en} END) AS not_placed
}
MATCH (seg:Segment)
OPTIONAL MATCH (f:Organization)-[m:MEMBER_OF]->(a), (f)-[s:IN_SEGMENT]->(seg)
WHERE m.status IN ['active', 'proposed']
WITH a, members_total, members_placed, not_placed, seg,
     collect(DISTINCT CASE WHEN f IS NULL THEN null ELSE
       {id: f.id, name_ko: f.name_ko, name_en: f.name_en, basis: s.basis,
        sources: s.sources} END) AS by_members
OPTIONAL MATCH (a)-[own:IN_SEGMENT]->(seg)
WITH a, members_total, members_placed, not_placed, seg, by_members,
     collect(CASE WHEN own IS NULL THEN null ELSE
       {id: a.id, name_ko: a.name_ko, name_en: a.name_en, basis: own.basis,
        sources: own.sources} END) AS by_alliance
WITH a, members_total, members_placed, not_placed, seg, by_members + by_alliance AS covered_by
WITH a, members_total, members_placed, not_placed, seg, covered_by,
     CASE
       WHEN size(covered_by) > 0 THEN 'covered'
       WHEN members_total > 0 AND members_placed = members_total THEN 'absent'
       ELSE 'unknown'
     END AS coverage
RETURN a.id AS alliance, a.name_ko AS alliance_ko, a.name_en AS alliance_en,
       seg.id AS segment, seg.name_ko AS segment_ko, seg.name_en AS segment_en,
       seg.order AS segment_order, coverage, covered_by,
       CASE WHEN coverage = 'unknown' THEN not_placed ELSE [] END AS unplaced,
       members_placed, members_total
ORDER BY CASE coverage WHEN 'absent' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END, segment_order;
