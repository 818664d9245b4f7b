"""Server-rendered SVG charts (no script, no external service). Each chart is drawn from
the same rows as the data table printed beside it (RGAA: the table is the alternative)."""

from decimal import Decimal

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 16, 28, 12


def bar_chart(labels, values, overlay=None, width=WIDTH, height=HEIGHT):
    """Bars for ``values`` (one per label) and, optionally, a line for ``overlay``."""
    values = [Decimal(v or 0) for v in values]
    overlay = [Decimal(v or 0) for v in overlay] if overlay is not None else None
    top = max([*values, *(overlay or [])], default=Decimal(0)) or Decimal(1)
    plot_h = height - BOTTOM - TOP
    step = (width - 2 * LEFT) / max(len(values), 1)
    bars, points = [], []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_h = float(value / top) * plot_h
        x = LEFT + index * step
        bars.append(
            {
                "x": round(x + step * 0.1, 1),
                "y": round(TOP + plot_h - bar_h, 1),
                "width": round(step * 0.8, 1),
                "height": round(bar_h, 1),
                "label": label,
                "show_label": len(values) <= 12 or index % 5 == 0,
                "label_x": round(x + step / 2, 1),
            }
        )
        if overlay is not None:
            y = TOP + plot_h - float(overlay[index] / top) * plot_h
            points.append(f"{x + step / 2:.1f},{y:.1f}")
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "overlay": " ".join(points),
        "axis_y": height - BOTTOM,
        "label_y": height - 8,
        "max": top,
    }
