"""Overview pages; no models. Reads from the other apps through their selectors."""
