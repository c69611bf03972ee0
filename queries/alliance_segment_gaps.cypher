// The value-chain segments an alliance does not cover
//
// Answers: which parts of the AI value chain does this alliance lack, and
// who covers the parts it has? A segment is covered when an active (or, for
// a proposed alliance, proposed) member is assigned to it, or when the
// alliance itself is. Each covering assignment says its basis (stated by a
// source, or curator judgment) and its sources.
//
// Parameters:
//   alliance  alliance id, e.g. 'ax-alliance'
//
:param alliance => 'ax-alliance';

MATCH (a:Alliance {id: $alliance})
MATCH (seg:Segment)
OPTIONAL MATCH (f:Organization)-[m:MEMBER_OF]->(a), (f)-[s:IN_SEGMENT]->(seg)
WHERE m.status IN ['active', 'proposed']
WITH a, seg, collect(DISTINCT CASE WHEN f IS NULL THEN null ELSE
       {id: f.id, name_ko: f.name_ko, name_en: f.name_en, basis: s.basis,
        sources: s.sources} END) AS by_members
OPTIONAL MATCH (a)-[own:IN_SEGMENT]->(seg)
WITH a, seg, by_members,
     collect(CASE WHEN own IS NULL THEN null ELSE
       {id: a.id, name_ko: a.name_ko, name_en: a.name_en, basis: own.basis,
        sources: own.sources} END) AS by_alliance
WITH a, seg, by_members + by_alliance AS covered_by
RETURN a.id AS alliance, a.name_ko AS alliance_ko, a.name_en AS alliance_en,
       seg.id AS segment, seg.name_ko AS segment_ko, seg.name_en AS segment_en,
       seg.order AS segment_order, size(covered_by) > 0 AS covered, covered_by
ORDER BY covered, segment_order;
