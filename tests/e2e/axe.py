"""Run axe-core (bundled with axe-playwright-python) on a Playwright page, and describe what it finds.

The site sends a strict Content-Security-Policy, so axe is injected with ``page.evaluate`` (which
CSP does not govern), never with a <script> tag.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def scan(page):
    """Return the list of axe violations on the page as it is now, for the WCAG 2.2 A/AA rules."""
    # A scan straight after a click can find the next document committed but its stylesheet not yet
    # applied (every target then looks 17 px high): wait for that document's load event first.
    page.wait_for_load_state("load")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    return results.response["violations"]


def describe(violations, label=""):
    """Human-readable report of violations: rule, impact, help, and each offending node."""
    lines = []
    for violation in violations:
        lines.append(f"{label}[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    target: {node['target']}")
            lines.append(f"    html:   {node['html'][:300]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("    " + summary.replace("\n", "\n    "))
    return "\n".join(lines)
