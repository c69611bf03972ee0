"""Identity across sources: how names compare (normalised forms, legal forms, acronyms,
Hangul ↔ Latin sound keys), how two entities are scored as possibly the same, and how
judgements join entities into clusters with one canonical id."""
