// Wait (up to 300 s) until every index is online, so that the load's look-ups use them.
CALL db.awaitIndexes(300)
