"""Investment projects: the pipeline (五个一批), stages with rules and verification,
responsibility, plans and monthly reports.

May import: core, sheets, audit, accounts and registry. Never dispatch, targets, land or
promotion, which build on it.
"""
