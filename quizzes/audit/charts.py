"""Server-rendered SVG for audit results: stacked bars of fully / partially / not met, one bar per sample.
No inline styles (CSP); each chart has a data table beside it on the page with the same figures."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

COLOURS = {"fully": "#2b6a3a", "partially": "#a56a00", "not_met": "#8e1b14"}


def _labels():
    return {"fully": _("Fully met"), "partially": _("Partially met"), "not_met": _("Not met")}


def stacked_bars(chart_id, title, bars):
    """bars: [(label, Shares)]. A withheld bar is drawn as an outline with the word 'withheld'."""
    labels = _labels()
    label_width, bar_width, row_height = 210, 330, 30
    height = row_height * len(bars) + 44
    parts = [
        f'<svg class="chart audit-chart" viewBox="0 0 {label_width + bar_width + 10} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}. '
        + escape(_("The table beside this chart gives the same figures."))
        + "</title>",
    ]
    for i, (label, shares) in enumerate(bars):
        y = 6 + i * row_height
        short = label if len(label) <= 32 else label[:30] + "…"
        parts.append(f'<text x="0" y="{y + 16}" font-size="12" fill="#1b1b1f">{escape(short)}</text>')
        if shares.withheld or not shares.files:
            parts.append(
                f'<rect x="{label_width}" y="{y + 2}" width="{bar_width}" height="20" fill="none" '
                'stroke="#4a4a55" stroke-dasharray="4 3"/>'
            )
            parts.append(
                f'<text x="{label_width + 8}" y="{y + 16}" font-size="12" fill="#1b1b1f">'
                + escape(_("withheld: fewer than 5 files"))
                + "</text>"
            )
            continue
        x = label_width
        for rating in ("fully", "partially", "not_met"):
            count = shares.counts.get(rating, 0)
            width = bar_width * count / shares.files
            if width <= 0:
                continue
            percent = shares.percent(rating)
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="20" fill="{COLOURS[rating]}">'
                f"<title>{escape(label)}: {escape(labels[rating])} {percent}%</title></rect>"
            )
            if width > 30:
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + 16}" text-anchor="middle" font-size="11" '
                    f'fill="#ffffff">{percent}%</text>'
                )
            x += width
    legend_y = height - 14
    x = label_width
    for rating in ("fully", "partially", "not_met"):
        parts.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{COLOURS[rating]}"/>')
        parts.append(f'<text x="{x + 14}" y="{legend_y}" font-size="11" fill="#1b1b1f">{escape(labels[rating])}</text>')
        x += 110
    parts.append("</svg>")
    return mark_safe("".join(parts))
