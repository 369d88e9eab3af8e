"""Articles: news and policy articles read into clean text and reviewed facts.

May import: core, sheets, audit, accounts, notices, registry, projects, dispatch, targets,
rankings, land and promotion (it reads from the domain apps). Nothing imports it but api.
"""
