"""What the dispatch pages share."""

PAGE_SIZE = 50
