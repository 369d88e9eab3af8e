"""Base models, errors and helpers shared by every app. Imports no other zonetrack app.

`limits` and `safezip` (caps on what an upload may cost, the one way zip packages are opened)
import nothing from Django, so that the spreadsheet and article readers can use them.
"""
