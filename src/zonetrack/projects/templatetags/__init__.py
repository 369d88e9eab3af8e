"""Template tags of the projects pages."""
