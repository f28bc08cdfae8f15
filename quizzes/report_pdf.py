"""A PDF report from a template: the self-assessment's and the plan's (planning/reports) and the case-file
audit's (audit/reports) are rendered the same way, with the same credit and stylesheet."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

CREDIT = (
    "The continuum of practice is (c) 2015 David Mandel & Associates LLC, paraphrased here. Applying it to "
    "this service, and the rule that turns answers into a level, are S2T Learn's own adaptation. S2T Learn is "
    "independent: it is not made, endorsed or certified by the Safe & Together Institute."
)


def render_pdf(template: str, context: dict) -> bytes:
    """The template rendered with the context (plus the credit and today's date) as PDF bytes."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**context, "credit": CREDIT, "made_on": timezone.localdate()})
    stylesheet = CSS(filename=finders.find("css/report.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
