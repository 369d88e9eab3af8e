"""Base models, errors and helpers shared by every app.

May import: no other app. Every app may import it.

`limits` and `safezip` (caps on what an upload may cost, the one way zip packages are opened)
import nothing from Django, so that the spreadsheet and article readers can use them.
"""
