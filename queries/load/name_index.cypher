// Names and aliases in every language, in the derived property _search where
// Latin and Hangul runs are split apart ("SK텔레콤" -> "SK 텔레콤"). The cjk
// analyzer indexes Hangul as bigrams, so "텔레콤" and "코오롱" find firms;
// Latin text is tokenised as words.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Organization|Person|Segment) ON EACH [n._search]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}
