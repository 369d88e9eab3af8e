"""Template tags of the dispatch app."""
