"""Base models, errors and helpers shared by every app. Imports no other zonetrack app."""
