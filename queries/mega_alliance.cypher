// A "mega alliance" candidate: few firms that together cover every segment
//
// Answers: what is a small set of firms that would give a national "mega
// alliance" every value-chain segment? This is greedy set cover (not
// guaranteed minimal): at each step take the firm that covers the most
// still-uncovered segments, preferring firms already in a launched alliance,
// then the lower id. segments says, for every segment in value-chain order,
//   covered  by which chosen firm, on what basis, according to which sources;
//   absent   no firm covers it, and every company is placed (has at least
//            one segment assignment);
//   unknown  no placed firm covers it, but some companies are not placed:
//            they may (unplaced lists them).
// firms_placed of firms_total count the companies.
//
// Parameters: none.
//
CALL () {
  MATCH (c:Company)
  WITH c, EXISTS { (c)-[:IN_SEGMENT]->(:Segment) } AS placed
  ORDER BY c.id
  RETURN count(c) AS firms_total, count(CASE WHEN placed THEN c END) AS firms_placed,
         collect(CASE WHEN NOT placed THEN
           {id: c.id, name_ko: c.name_ko, name_en: c.name_en} END) AS not_placed
}
MATCH (seg:Segment)
WITH firms_total, firms_placed, not_placed, seg ORDER BY seg.order
WITH firms_total, firms_placed, not_placed, collect(seg.id) AS all_segments,
     collect({id: seg.id, name_ko: seg.name_ko, name_en: seg.name_en}) AS segment_names
MATCH (f:Organization)-[s:IN_SEGMENT]->(seg:Segment)
WHERE NOT f:Alliance
WITH firms_total, firms_placed, not_placed, all_segments, segment_names, f,
     collect(DISTINCT seg.id) AS segs,
     collect({segment: seg.id, basis: s.basis, sources: s.sources}) AS assignments,
     EXISTS {
       MATCH (f)-[m:MEMBER_OF]->(a:Alliance) WHERE m.status = 'active' AND a.status = 'active'
     } AS in_alliance
ORDER BY f.id
WITH firms_total, firms_placed, not_placed, all_segments, segment_names,
     collect({id: f.id, name_ko: f.name_ko, name_en: f.name_en, segments: segs,
              assignments: assignments, in_alliance: in_alliance}) AS candidates
WITH firms_total, firms_placed, not_placed, segment_names,
     reduce(state = {chosen: [], covered: []}, step IN range(1, size(all_segments)) |
       [best IN [reduce(b = null, c IN candidates |
          CASE
            WHEN size([x IN c.segments WHERE NOT x IN state.covered]) = 0 THEN b
            WHEN b IS NULL THEN c
            WHEN size([x IN c.segments WHERE NOT x IN state.covered])
                 > size([x IN b.segments WHERE NOT x IN state.covered]) THEN c
            WHEN size([x IN c.segments WHERE NOT x IN state.covered])
                 = size([x IN b.segments WHERE NOT x IN state.covered])
                 AND c.in_alliance AND NOT b.in_alliance THEN c
            ELSE b
          END)] |
        CASE
          WHEN best IS NULL THEN state
          ELSE {chosen: state.chosen + [best {.*, adds: [x IN best.segments
                                                         WHERE NOT x IN state.covered]}],
                covered: state.covered + [x IN best.segments WHERE NOT x IN state.covered]}
        END][0]) AS result
WITH firms_total, firms_placed, not_placed, segment_names, result,
     CASE WHEN firms_placed = firms_total THEN 'absent' ELSE 'unknown' END AS uncovered_as
WITH firms_total, firms_placed, not_placed, result,
     [s IN segment_names |
       CASE WHEN s.id IN result.covered THEN
         head([c IN result.chosen WHERE s.id IN c.adds |
           s {.*, coverage: 'covered', firm: c.id,
              basis: head([x IN c.assignments WHERE x.segment = s.id | x.basis]),
              sources: head([x IN c.assignments WHERE x.segment = s.id | x.sources])}])
       ELSE s {.*, coverage: uncovered_as, firm: null, basis: null, sources: null}
       END] AS segments
RETURN 'greedy set cover: a small covering set, not guaranteed to be the smallest' AS method,
       size(result.chosen) AS firm_count,
       [c IN result.chosen | c {.id, .name_ko, .name_en, .in_alliance, .adds}] AS firms,
       segments,
       CASE WHEN any(s IN segments WHERE s.coverage = 'unknown') THEN not_placed ELSE [] END
         AS unplaced,
       firms_placed, firms_total;
