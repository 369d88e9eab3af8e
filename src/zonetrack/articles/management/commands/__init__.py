"""`zonetrack articles …`: read articles from the command line."""
