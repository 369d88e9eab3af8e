"""Demo data of the dispatch app (called by zonetrack.demo after the projects are loaded)."""


def load_dispatch() -> None:
    """Load problems, colours and meetings for the demo projects; twice changes nothing."""
