"""The model of the data, declared in ``ontology/alliance.ttl``: its terms (vocab), the
lookup tables read from it (model), partial dates, ids, names and the segments."""
