"""The SVG mention chart's geometry."""

from __future__ import annotations

from newsdesk.read.records import VolumeBucket
from newsdesk.web.chart import HEIGHT, MAX_LABELS, MAX_SLOT, volume_chart


def test_bars_scale_to_the_peak_and_labels_thin_out() -> None:
    buckets = [VolumeBucket(start=f"2025-01-{d:02d}", count=d % 4) for d in range(1, 31)]
    chart = volume_chart(buckets)
    bars = chart["bars"]
    assert len(bars) == 30 and chart["peak"] == 3
    tallest = max(bars, key=lambda b: b["height"])
    assert tallest["count"] == 3 and tallest["y"] >= 0
    assert all(b["height"] == 0 for b in bars if b["count"] == 0)
    assert all(0 <= b["y"] <= HEIGHT for b in bars)
    assert 1 <= len(chart["labels"]) <= MAX_LABELS
    xs = [b["x"] for b in bars]
    assert xs == sorted(xs)


def test_few_buckets_make_narrow_bars_and_none_make_no_chart() -> None:
    chart = volume_chart([VolumeBucket(start="2025-01-01", count=4)])
    assert chart["bars"][0]["width"] <= MAX_SLOT
    assert volume_chart([])["bars"] == []


def test_date_labels_stay_inside_the_chart() -> None:
    from newsdesk.web.chart import CHAR_WIDTH, WIDTH

    buckets = [VolumeBucket(start=f"2025-W{w:02d}", count=1) for w in range(1, 53)]
    for chart in (volume_chart(buckets), volume_chart(buckets[:3])):
        for label in chart["labels"]:
            extent = len(label["text"]) * CHAR_WIDTH
            start = {"start": 0, "middle": extent / 2, "end": extent}[label["anchor"]]
            assert label["x"] - start >= 0 and label["x"] - start + extent <= WIDTH
    assert volume_chart(buckets)["labels"][0]["anchor"] == "start"
