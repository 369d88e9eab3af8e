"""Management commands of the articles app."""
