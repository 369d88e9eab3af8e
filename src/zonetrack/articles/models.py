"""Models of the articles app."""
