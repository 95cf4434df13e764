"""A bar chart of mention volume as geometry for a server-rendered SVG (no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.read.records import VolumeBucket

WIDTH = 640
HEIGHT = 180
# Room below the bars for the date labels, above for the peak count.
BOTTOM = 24
TOP = 16
MAX_LABELS = 6
# Few buckets make narrow bars, not walls.
MAX_SLOT = 48.0
# Width of one character of the 10 px axis font, to keep labels inside the chart.
CHAR_WIDTH = 6.0


def volume_chart(
    buckets: Sequence[VolumeBucket], *, width: int = WIDTH, height: int = HEIGHT
) -> dict[str, object]:
    """Bars (x, y, width, height, label, count) for counts per bucket, scaled to the
    tallest, with at most MAX_LABELS evenly spaced date labels; empty for no buckets."""
    if not buckets:
        return {"width": width, "height": height, "bars": [], "labels": [], "peak": 0}
    counts = [b.count for b in buckets]
    peak = max(max(counts), 1)
    slot = min(width / len(buckets), MAX_SLOT)
    gap = min(2.0, slot * 0.2)
    plot = height - BOTTOM - TOP
    bars = []
    for index, (bucket, count) in enumerate(zip(buckets, counts, strict=True)):
        bar_height = round(plot * count / peak, 1)
        bars.append(
            {
                "x": round(index * slot + gap / 2, 1),
                "y": round(TOP + plot - bar_height, 1),
                "width": round(max(slot - gap, 0.5), 1),
                "height": bar_height,
                "label": bucket.start,
                "count": count,
            }
        )
    step = max(1, -(-len(buckets) // MAX_LABELS))
    labels = [
        _label(index * slot + slot / 2, height - 6, bucket.start, width)
        for index, bucket in enumerate(buckets)
        if index % step == 0
    ]
    return {"width": width, "height": height, "bars": bars, "labels": labels, "peak": peak}


def _label(middle: float, y: float, text: str, width: int) -> dict[str, object]:
    """A date label centred under its bar, or pinned to the chart's edge it would run past."""
    half = len(text) * CHAR_WIDTH / 2
    if middle - half < 0:
        return {"x": 0.0, "y": y, "text": text, "anchor": "start"}
    if middle + half > width:
        return {"x": float(width), "y": y, "text": text, "anchor": "end"}
    return {"x": round(middle, 1), "y": y, "text": text, "anchor": "middle"}
