"""Spreadsheet import and export for every app; no models, imports no other app but core's caps.

`reader` opens an uploaded .xlsx or .csv, finds its header below title and unit lines and yields
data rows with their problems; `cells` turns raw cell values into decimals, dates, integers,
booleans and clean text; `writer` streams tables out as .xlsx or .csv that a spreadsheet will
never evaluate as formulas. An .xlsx is opened through `zonetrack.core.safezip` and every pass
over a sheet has a time budget. Apps import these modules; nothing here knows about zones or
projects.
"""
