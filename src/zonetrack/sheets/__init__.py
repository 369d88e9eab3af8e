"""Spreadsheet import and export for every app; no models.

May import: core (its caps on what an upload may cost). Every app may import it; it knows none
of them.

`reader` opens an uploaded .xlsx or .csv, finds its header below title and unit lines and yields
data rows with their problems; `cells` turns raw cell values into decimals, dates, integers,
booleans and clean text; `writer` streams tables out as .xlsx or .csv that a spreadsheet will
never evaluate as formulas. An .xlsx is opened through `zonetrack.core.safezip` and every pass
over a sheet has a time budget. Apps import these modules; nothing here knows about zones or
projects.
"""
