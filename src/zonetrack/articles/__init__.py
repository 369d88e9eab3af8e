"""Articles: news and policy articles read into clean text and reviewed facts."""
