// A "mega alliance" candidate: few firms that together cover every segment
//
// Answers: what is a small set of firms that would give a national "mega
// alliance" every value-chain segment? This is greedy set cover (not
// guaranteed minimal): at each step take the firm that covers the most
// still-uncovered segments, preferring firms already in a launched alliance,
// then the lower id. Segments that no firm covers are listed as uncovered.
//
// Parameters: none.
//
MATCH (seg:Segment)
WITH seg ORDER BY seg.order
WITH collect(seg.id) AS all_segments,
     collect({id: seg.id, name_ko: seg.name_ko, name_en: seg.name_en}) AS segment_names
MATCH (f:Organization)-[:IN_SEGMENT]->(seg:Segment)
WHERE NOT f:Alliance
WITH all_segments, segment_names, f, collect(DISTINCT seg.id) AS segs,
     EXISTS {
       MATCH (f)-[m:MEMBER_OF]->(a:Alliance) WHERE m.status = 'active' AND a.status = 'active'
     } AS in_alliance
ORDER BY f.id
WITH all_segments, segment_names,
     collect({id: f.id, name_ko: f.name_ko, name_en: f.name_en, segments: segs,
              in_alliance: in_alliance}) AS candidates
WITH all_segments, segment_names,
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
RETURN 'greedy set cover: a small covering set, not guaranteed to be the smallest' AS method,
       size(result.chosen) AS firm_count,
       [c IN result.chosen | c {.id, .name_ko, .name_en, .in_alliance, .adds}] AS firms,
       [s IN segment_names WHERE NOT s.id IN result.covered] AS uncovered;
