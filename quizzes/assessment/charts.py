"""Server-rendered SVG for results pages: no JavaScript, no inline styles (CSP), with text alternatives.
Each chart has a data table beside it on the page, which is the accessible source of the same facts."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..continuum_levels import ContinuumLevel

COLOURS = {1: "#8e1b14", 2: "#a14b00", 3: "#6f5a00", 4: "#2b6a3a", 5: "#1d4f80"}


def continuum_scale(level):
    """Five steps, Destructive to Proficient, with the service's overall level marked."""
    width, step = 500, 100
    parts = [
        f'<svg class="chart continuum-scale" viewBox="0 0 {width} 90" role="img" aria-labelledby="scale-title">',
        f'<title id="scale-title">Overall: {escape(level.label) if level else "not placed"}, '
        "on a five-step scale from Destructive to Proficient</title>",
    ]
    for item in ContinuumLevel:
        x = (int(item) - 1) * step
        current = level is not None and item == level
        parts.append(
            f'<rect x="{x + 2}" y="{10 if current else 20}" width="{step - 4}" height="{50 if current else 30}" '
            f'fill="{COLOURS[int(item)]}" opacity="{1 if current else 0.35}"/>'
        )
        weight = ' font-weight="bold"' if current else ""
        parts.append(
            f'<text x="{x + step / 2}" y="80" text-anchor="middle" font-size="13" fill="#1b1b1f"{weight}>'
            f"{escape(item.label)}</text>"
        )
        if current:
            parts.append(
                f'<text x="{x + step / 2}" y="41" text-anchor="middle" font-size="14" fill="#ffffff" '
                'font-weight="bold">Here</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def domain_bars(rows):
    """One bar per domain: its level, plus the share of the next step already achieved."""
    label_width, bar_width, row_height = 260, 300, 34
    height = row_height * len(rows) + 40
    parts = [
        f'<svg class="chart domain-chart" viewBox="0 0 {label_width + bar_width + 20} {height}" role="img" '
        'aria-labelledby="domain-chart-title">',
        '<title id="domain-chart-title">Level reached in each domain; '
        "the data table beside this chart gives the same figures</title>",
    ]
    for n in range(1, 6):
        x = label_width + (n - 1) * bar_width / 5 + bar_width / 10
        parts.append(f'<text x="{x}" y="{height - 8}" text-anchor="middle" font-size="11" fill="#4a4a55">{n}</text>')
    for i, row in enumerate(rows):
        placement = row["placement"]
        y = 10 + i * row_height
        value = int(placement.level) - 1 + placement.progress / 100 + 0.5
        length = min(bar_width, bar_width * value / 5)
        title = escape(row["domain"]["title"])
        short = title if len(title) <= 38 else title[:36] + "…"
        parts.append(f'<text x="0" y="{y + 18}" font-size="12" fill="#1b1b1f">{short}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="20" '
            f'fill="{COLOURS[int(placement.level)]}">'
            f"<title>{title}: {escape(placement.display)}</title></rect>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
