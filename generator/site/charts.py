"""Charts drawn at build time as inline SVG: no JavaScript, no CDN, readable by screen
readers (a title, and the same figures as a table beside every chart)."""

from __future__ import annotations

from .html import esc

BAR = "#9b1b1b"
TEXT = "#1f2328"


def bar_chart_svg(chart_id: str, title: str, rows: list[tuple[str, int]]) -> str:
    """Horizontal bars: long Chinese labels fit on a phone better than under columns."""
    if not rows:
        return ""
    label_width, bar_width, row_height = 150, 260, 26
    height = row_height * len(rows) + 10
    peak = max(value for _, value in rows) or 1
    parts = [
        f'<svg class="xf-chart" role="img" aria-labelledby="{chart_id}" viewBox="0 0 {label_width + bar_width + 50} '
        f'{height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{esc(title)}</title>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * row_height
        width = round(bar_width * value / peak)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 17}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f"{esc(label)}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{width}" height="{row_height - 8}" fill="{BAR}"/>'
            f'<text x="{label_width + width + 5}" y="{y + 17}" font-size="13" fill="{TEXT}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def figure(chart_id: str, title: str, rows: list[tuple[str, int]]) -> str:
    """The chart inside a <figure> with a caption; the table beside it carries the figures."""
    svg = bar_chart_svg(chart_id, title, rows)
    if not svg:
        return ""
    return f'<figure class="xf-figure">{svg}<figcaption>{esc(title)}</figcaption></figure>\n\n'
