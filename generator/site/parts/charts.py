"""Charts drawn at build time as inline SVG: no JavaScript, no library, no CDN.

Each bar has its label on a line of its own above it and its value (a rate with its
numerator and denominator) after it, so long Chinese names and ``98.9%（973 / 983）``
stay readable on a 375 px phone.  Screen readers get the same text: the ``<title>``
names the chart and the ``<desc>`` lists every bar's label and value; the table
before the chart carries the same figures."""

from __future__ import annotations

from dataclasses import dataclass

from .html import esc

BAR = "#9b1b1b"
TRACK = "#ececec"
TEXT = "#1f2328"
WIDTH = 340
"""The viewBox width: about a phone's content width, so 14-unit text prints at ~14 px there."""
LABEL_CHARS = 22


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    """Drawn length, as a fraction of ``scale``."""
    text: str
    """What is printed after the bar and read out: ``12件，占 9.8%（12 / 123）``."""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart_svg(chart_id: str, title: str, bars: list[Bar], *, scale: float | None = None) -> str:
    """Horizontal bars; ``scale`` is the value of a full-width bar (100 for rates), else the largest."""
    if not bars:
        return ""
    peak = scale or max(b.value for b in bars) or 1
    row, bar_width = 46, 150
    height = row * len(bars) + 4
    parts = [
        f'<svg class="xf-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{esc(title)}</title>',
        f'<desc id="{chart_id}-d">{esc("；".join(f"{b.label}：{b.text}" for b in bars))}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = index * row
        width = max(0, min(bar_width, round(bar_width * bar.value / peak)))
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="14" fill="{TEXT}">{esc(_short(bar.label))}</text>'
            f'<rect x="0" y="{y + 23}" width="{bar_width}" height="14" fill="{TRACK}"/>'
            f'<rect x="0" y="{y + 23}" width="{width}" height="14" fill="{BAR}"/>'
            f'<text x="{bar_width + 6}" y="{y + 35}" font-size="13" fill="{TEXT}">{esc(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def figure(chart_id: str, title: str, bars: list[Bar], *, scale: float | None = None, note: str = "") -> str:
    """The chart inside a <figure> with a caption; the table beside it carries the figures."""
    svg = bar_chart_svg(chart_id, title, bars, scale=scale)
    if not svg:
        return ""
    caption = esc(title) + (f"<br>{esc(note)}" if note else "")
    return f'<figure class="xf-figure">{svg}<figcaption>{caption}</figcaption></figure>'
