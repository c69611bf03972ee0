// Every source of the graph
//
// Answers: which documents and curation notes does the graph take its facts
// from? Each with its kind, title, publisher, publication date, address and
// language as far as they are known. Every fact's `sources` are ids of these.
//
// Parameters: none.
//
MATCH (s:Source)
OPTIONAL MATCH (s)-[:PUBLISHED_BY]->(p:Organization)
RETURN s.id AS id, [l IN labels(s) WHERE l <> 'Source'][0] AS kind,
       s.title_ko AS title_ko, s.title_en AS title_en, s.url AS url,
       s.published AS published, s.language AS language,
       CASE WHEN p IS NULL THEN null
            ELSE {id: p.id, name_ko: p.name_ko, name_en: p.name_en} END AS publisher
ORDER BY id;
