"""zonetrack: the system of record for development zones and their supervising departments."""

__version__ = "0.1.0"
