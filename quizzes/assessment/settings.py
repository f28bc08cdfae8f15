"""The settings a self-assessment round can be opened for, and their labels."""

from django.utils.translation import gettext_lazy as _

from ..continuum import SETTINGS

SETTING_LABELS = {
    "statutory_social_work": _("Statutory social work (children and families)"),
    "early_years": _("Early years (nurseries, childminders, family centres)"),
    "schools": _("Schools"),
    "health": _("Health (health visiting, midwifery, GP practices, hospitals)"),
    "residential_childcare": _("Residential childcare"),
    "third_sector": _("Third sector (voluntary and community organisations)"),
}
assert set(SETTING_LABELS) == set(SETTINGS)
SETTING_CHOICES = [("", _("Every setting: a mixed service or partnership"))] + [
    (key, SETTING_LABELS[key]) for key in SETTINGS
]
# The curriculum module written for each setting (modules/content/modules/).
SETTING_MODULES = {
    "statutory_social_work": "social-work",
    "early_years": "early-years",
    "schools": "schools",
    "health": "health",
    "residential_childcare": "residential-childcare",
}


def setting_label(setting):
    return SETTING_LABELS.get(setting) or _("Every setting")
