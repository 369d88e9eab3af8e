"""The monthly statistical pack (月度统计报表): the province's template filled from zonetrack.

An .xlsx of the province's layout (``layout``: sheets, title and unit rows, two-level headers,
subtotals and totals) and a Word summary (``word``: headline figures, charts, the red list, the
ranking), generated as a background job and kept as dated versions (``services``).
"""

# Registers the pack's job kind (see ``jobs``): Django loads this package with the models.
from . import jobs  # noqa: F401
