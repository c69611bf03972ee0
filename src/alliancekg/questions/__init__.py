"""The named questions: the catalogue of ``queries/*.cypher`` and ``*.rq``, their
parameters, and how SPARQL rows fold into the answers the Cypher forms give."""
