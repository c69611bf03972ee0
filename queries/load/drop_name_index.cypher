DROP INDEX entity_names IF EXISTS
