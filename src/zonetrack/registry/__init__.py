"""Zone registry: regions, zones and parks. Depends on core, audit and accounts."""
