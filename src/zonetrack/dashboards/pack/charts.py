"""The monthly summary's charts as PNG images, drawn with Pillow: bars, axes and numbers only.

No font with Chinese characters is assumed on the server, so an image holds no words: each bar
group is numbered under the axis, and the Word text beside the chart names the numbers (which
organisation, which stage) and says what the bars and the dashed line are.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 720
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 110, 40, 60, 80
# Bar colours of a group's series: dark blue, light blue, then greys.
SERIES_COLOURS = ["#206bc4", "#a6c8f0", "#6c757d", "#ced4da"]
AXIS = "#495057"
GRID = "#e9ecef"
REFERENCE = "#d63939"


def _font(size: int) -> Any:
    """Pillow's own font (it has digits, which is all an image shows), scaled when it can."""
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # a Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _shown(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _step(top: float) -> float:
    """A round gridline step giving four to eight lines up to ``top``."""
    raw = top / 5 if top > 0 else 1
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def bar_chart(
    groups: Sequence[Sequence[float | Decimal | int | None]],
    *,
    reference: float | Decimal | None = None,
    decimals: int = 0,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> bytes:
    """A bar chart: one numbered group of bars per entry of ``groups`` (one bar per series,
    its value above it), a dashed horizontal line at ``reference`` when given; PNG bytes."""
    values = [[float(v or 0) for v in group] for group in groups]
    top = max([v for group in values for v in group] + [float(reference or 0), 1.0])
    step = _step(top) if decimals else max(_step(top), 1.0)  # counts step by whole numbers
    top = step * (int(top / step) + 1)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    small, large = _font(20), _font(24)
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    ceiling, floor = MARGIN_TOP, height - MARGIN_BOTTOM

    def y_of(value: float) -> float:
        return floor - (floor - ceiling) * value / top

    tick = 0.0
    while tick <= top + step / 2:
        y = y_of(tick)
        draw.line([(left, y), (right, y)], fill=GRID, width=1)
        text = _shown(tick, 0 if step >= 1 else 1)
        box = draw.textbbox((0, 0), text, font=small)
        draw.text((left - 12 - (box[2] - box[0]), y - (box[3] - box[1]) / 2 - 4), text, AXIS, small)
        tick += step
    draw.line([(left, ceiling), (left, floor)], fill=AXIS, width=2)
    draw.line([(left, floor), (right, floor)], fill=AXIS, width=2)

    slot = (right - left) / max(len(values), 1)
    series = max((len(group) for group in values), default=1) or 1
    bar = min(90.0, slot * 0.8 / series)
    for index, group in enumerate(values):
        start = left + slot * index + (slot - bar * len(group)) / 2
        for position, value in enumerate(group):
            x0 = start + bar * position
            colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
            draw.rectangle([(x0 + 2, y_of(value)), (x0 + bar - 2, floor)], fill=colour)
            if len(values) * series <= 40:  # values above the bars while they can be read
                text = _shown(value, decimals)
                box = draw.textbbox((0, 0), text, font=small)
                x = x0 + (bar - (box[2] - box[0])) / 2
                draw.text((x, y_of(value) - (box[3] - box[1]) - 10), text, AXIS, small)
        number = str(index + 1)
        box = draw.textbbox((0, 0), number, font=large)
        centre = left + slot * index + slot / 2
        draw.text((centre - (box[2] - box[0]) / 2, floor + 14), number, AXIS, large)

    if reference is not None:
        y = y_of(float(reference))
        x = float(left)
        while x < right:  # dashed
            draw.line([(x, y), (min(x + 14, right), y)], fill=REFERENCE, width=3)
            x += 24
        text = _shown(float(reference), 1)
        draw.text((right - 80, y - 32), text, REFERENCE, small)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
