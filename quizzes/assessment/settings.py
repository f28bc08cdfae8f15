"""The settings a self-assessment round can be opened for, and their labels."""

from django.utils.translation import gettext_lazy as _

from ..continuum_levels import SETTINGS

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


def modules_for_setting(slugs, setting):
    """The modules a step assigns in a round for one setting: the general modules it links to, with
    any setting module (social work, schools, ...) replaced by the one for this setting. A step
    written with a setting's module gives the early-years module to an early-years round."""
    slugs = list(slugs)
    if not setting:
        return slugs
    setting_slugs = set(SETTING_MODULES.values())
    general = [slug for slug in slugs if slug not in setting_slugs]
    own = SETTING_MODULES.get(setting)
    if own and any(slug in setting_slugs for slug in slugs):
        general.append(own)
    return general


def applies_in_setting(recommendation_settings, setting):
    """A step with no settings is for every setting; a round for every setting shows every step."""
    return not setting or not recommendation_settings or setting in recommendation_settings
