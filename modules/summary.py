"""The printable one-page summary of a module (PDF by WeasyPrint), for staff rooms and supervision."""

from django.template.loader import render_to_string

from .selectors import module_summary

INDEPENDENCE = (
    "S2T Learn is an independent, open-source platform. It is not made, endorsed or certified by the "
    "Safe & Together Institute."
)


def summary_html(module, request=None):
    context = {**module_summary(module), "independence": INDEPENDENCE}
    return render_to_string("pdf/module_summary.html", context, request=request)


def summary_pdf(module, request=None):
    from weasyprint import HTML

    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=summary_html(module, request), base_url=base_url).write_pdf()
