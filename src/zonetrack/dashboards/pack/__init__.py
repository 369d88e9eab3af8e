"""The monthly statistical pack (月度统计报表): the province's template filled from zonetrack."""
