"""Server-rendered SVG for the comparison page: no JavaScript, no inline styles (CSP). A data table beside
the chart on the page gives the same figures, and is the accessible source of them."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

BEFORE_FILL = "#767680"  # 4.5:1 on white
AFTER_FILL = "#22477a"


def _length(placement, bar_width):
    if placement is None:
        return 0
    value = int(placement.level) - 1 + placement.progress / 100 + 0.5
    return min(bar_width, bar_width * value / 5)


def comparison_bars(rows, before, after):
    """Two bars per area: the earlier round (grey) above the later one (blue)."""
    label_width, bar_width, bar_height, gap = 260, 300, 14, 12
    row_height = 2 * bar_height + gap + 4
    top = 48
    height = top + row_height * len(rows) + 26
    before_title, after_title = escape(before.title), escape(after.title)
    parts = [
        f'<svg class="chart comparison-chart" viewBox="0 0 {label_width + bar_width + 20} {height}" role="img" '
        'aria-labelledby="comparison-chart-title">',
        f'<title id="comparison-chart-title">Level in each area in {before_title} and in {after_title}; '
        "the table beside this chart gives the same figures</title>",
        f'<rect x="0" y="4" width="14" height="12" fill="{BEFORE_FILL}"/>',
        f'<text x="20" y="14" font-size="12" fill="#1b1b1f">{before_title}</text>',
        f'<rect x="0" y="22" width="14" height="12" fill="{AFTER_FILL}"/>',
        f'<text x="20" y="32" font-size="12" fill="#1b1b1f">{after_title}</text>',
    ]
    for n in range(1, 6):
        x = label_width + (n - 1) * bar_width / 5 + bar_width / 10
        parts.append(f'<text x="{x}" y="{height - 8}" text-anchor="middle" font-size="11" fill="#4a4a55">{n}</text>')
    for i, row in enumerate(rows):
        y = top + i * row_height
        title = escape(row.title)
        short = title if len(title) <= 38 else title[:36] + "…"
        parts.append(f'<text x="0" y="{y + bar_height + 4}" font-size="12" fill="#1b1b1f">{short}</text>')
        if row.before is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{_length(row.before, bar_width):.1f}" '
                f'height="{bar_height}" fill="{BEFORE_FILL}"><title>{title}, {before_title}: '
                f"{escape(row.before.display)}</title></rect>"
            )
        if row.after is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y + bar_height + 2}" width="{_length(row.after, bar_width):.1f}" '
                f'height="{bar_height}" fill="{AFTER_FILL}"><title>{title}, {after_title}: '
                f"{escape(row.after.display)}</title></rect>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
