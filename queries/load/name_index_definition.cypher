// The labels and properties of the full-text index, to replace an outdated one.
SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options
WHERE name = 'entity_names'
RETURN labelsOrTypes, properties, options.indexConfig.`fulltext.analyzer` AS analyzer
