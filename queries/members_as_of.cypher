// Members of an alliance as of a date
//
// Answers: who was in this alliance on a given date? A membership counts
// when it joined on or before the date and did not leave before it. Dates
// keep their precision, so each membership's date_certainty says whether
// they settle it (about the dates only: basis and sources say how the
// membership itself is known):
//   certain    the partial dates settle it (joined '2024' is certain for
//              an as_of in 2025, or on 2024-12-31);
//   uncertain  they cannot (joined '2024' for an as_of of '2024-06-15'; an
//              unknown or relative join date; an ended membership whose
//              end date is unknown).
// Memberships that certainly did not hold on the date are left out.
//
// Parameters:
//   alliance  alliance id, e.g. 'ax-alliance'
//   as_of     a date, 'YYYY-MM-DD'
//
:param alliance => 'ax-alliance';
:param as_of => '2025-01-01';

MATCH (a:Alliance {id: $alliance})
MATCH (f:Organization)-[m:MEMBER_OF]->(a)
WHERE m.status IN ['active', 'ended']
WITH a, f, m,
     CASE
       WHEN m.joined IS NULL OR m.joined STARTS WITH 'Y' THEN 'uncertain'
       WHEN m.joined < left($as_of, size(m.joined)) THEN 'certain'
       WHEN m.joined > left($as_of, size(m.joined)) THEN 'no'
       // same year or month: certain only on its last day
       WHEN left(toString(date($as_of) + duration('P1D')), size(m.joined)) <> m.joined
         THEN 'certain'
       ELSE 'uncertain'
     END AS joined_by,
     CASE
       WHEN m.left IS NULL THEN CASE WHEN m.status = 'ended' THEN 'uncertain' ELSE 'certain' END
       WHEN m.left STARTS WITH 'Y' THEN 'uncertain'
       WHEN m.left > left($as_of, size(m.left)) THEN 'certain'
       WHEN m.left < left($as_of, size(m.left)) THEN 'no'
       // same year or month: certain only on its first day
       WHEN left(toString(date($as_of) - duration('P1D')), size(m.left)) <> m.left
         THEN 'certain'
       ELSE 'uncertain'
     END AS not_left_by
WITH a, f, m,
     CASE
       WHEN joined_by = 'no' OR not_left_by = 'no' THEN 'no'
       WHEN joined_by = 'certain' AND not_left_by = 'certain' THEN 'certain'
       ELSE 'uncertain'
     END AS certainty
WHERE certainty <> 'no'
RETURN f.id AS id, f.name_ko AS name_ko, f.name_en AS name_en, m.id AS membership,
       m.role AS role, m.status AS status, m.joined AS joined, m.left AS left,
       certainty AS date_certainty, m.sources AS sources
ORDER BY date_certainty, id, membership;
