"""The one bar chart of the site: an SVG drawn on the server (no script, no external service)
by templates/includes/bar_chart.html, always followed by the table of the same rows, which
is its text alternative (RGAA 1.3 and 1.6).

Horizontal bars suit a few long labels (the stages of a call); vertical bars suit a series
of years, with an optional dashed line for the same series in another case (the Region's
exposure with one more dossier). Only geometry is computed here: the template escapes the
labels and never localises a coordinate (« 22,1 » is not an SVG number)."""

# Horizontal: labels on the left, the value printed after each bar.
LABEL_WIDTH, BAR_HEIGHT, BAR_GAP, VALUE_ROOM, HORIZONTAL_WIDTH = 300, 26, 8, 90, 640
# Vertical: one bar per label along the axis, a label under some of them.
VERTICAL_WIDTH, VERTICAL_HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 16, 28, 12
# Beyond this many bars, labelling each one would overlap: every fifth is labelled.
ALL_LABELS_UP_TO = 12


def bar_chart(labels, values, *, horizontal=False, overlay=None) -> dict:
    """Geometry for ``values`` (one per label); ``overlay``, when given, is a second series
    of the same length drawn as a dashed line over the bars, on the same scale."""
    values = list(values)
    labels = list(labels)
    if len(labels) != len(values) or (overlay is not None and len(overlay) != len(values)):
        raise ValueError("A chart needs one label and one value (and overlay value) per bar.")
    extra = [float(v or 0) for v in overlay] if overlay is not None else None
    top = max([float(v or 0) for v in values] + (extra or []), default=0) or 1
    draw = _horizontal if horizontal else _vertical
    return draw(labels, values, extra, top)


def _horizontal(labels, values, overlay, top):
    span = HORIZONTAL_WIDTH - LABEL_WIDTH - VALUE_ROOM
    row = BAR_HEIGHT + BAR_GAP
    bars, points = [], []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        length = float(value or 0) / top * span
        text_y = round(index * row + BAR_HEIGHT * 0.68, 2)
        bars.append(
            {
                "label": str(label),
                "value": value,
                "x": LABEL_WIDTH,
                "y": index * row,
                "width": round(length, 1),
                "height": BAR_HEIGHT,
                "label_x": LABEL_WIDTH - 8,
                "label_y": text_y,
                "show_label": True,
                "value_x": round(LABEL_WIDTH + length + 6, 1),
            }
        )
        if overlay is not None:
            x = LABEL_WIDTH + overlay[index] / top * span
            points.append(f"{x:.1f},{index * row + BAR_HEIGHT / 2:.1f}")
    return {
        "width": HORIZONTAL_WIDTH,
        "height": max(len(bars), 1) * row,
        "bars": bars,
        "overlay": " ".join(points),
        "axis": None,
        "label_anchor": "end",
        "font_size": 13,
    }


def _vertical(labels, values, overlay, top):
    plot_height = VERTICAL_HEIGHT - BOTTOM - TOP
    step = (VERTICAL_WIDTH - 2 * LEFT) / max(len(values), 1)
    bars, points = [], []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        length = float(value or 0) / top * plot_height
        x = LEFT + index * step
        bars.append(
            {
                "label": str(label),
                "value": value,
                "x": round(x + step * 0.1, 1),
                "y": round(TOP + plot_height - length, 1),
                "width": round(step * 0.8, 1),
                "height": round(length, 1),
                "label_x": round(x + step / 2, 1),
                "label_y": VERTICAL_HEIGHT - 8,
                "show_label": len(values) <= ALL_LABELS_UP_TO or index % 5 == 0,
                "value_x": None,
            }
        )
        if overlay is not None:
            y = TOP + plot_height - overlay[index] / top * plot_height
            points.append(f"{x + step / 2:.1f},{y:.1f}")
    axis_y = VERTICAL_HEIGHT - BOTTOM
    return {
        "width": VERTICAL_WIDTH,
        "height": VERTICAL_HEIGHT,
        "bars": bars,
        "overlay": " ".join(points),
        "axis": {"x1": 0, "y1": axis_y, "x2": VERTICAL_WIDTH, "y2": axis_y},
        "label_anchor": "middle",
        "font_size": 11,
    }
