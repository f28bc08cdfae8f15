from django import template

register = template.Library()


@register.simple_tag
def latest_audit_evidence(organisation):
    """The latest audit's evidence by self-assessment area, for the results page (leads only)."""
    from quizzes.audit.selectors import latest_audit_evidence as evidence

    return evidence(organisation.pk)
