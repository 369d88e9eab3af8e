"""Investment projects: the pipeline (五个一批), stages with rules and verification,
responsibility, plans and monthly progress. Depends on core, audit, accounts and registry;
never on dispatch."""
