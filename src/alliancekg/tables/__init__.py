"""The graph as files analysts open: spreadsheet tables (the table format, CSV and XLSX
written from the graph) and network files for Gephi, yEd and networkx (GraphML, GEXF).

Reading tables back is seed reading, in :mod:`alliancekg.ingest.tables`; it uses the
same layout (:mod:`.layout`) and cell rules (:mod:`.cells`) as the writers here.
"""
