"""The organisation tab bar: which pages each role can open, decided here once.

The nav (templates/organisations/_nav.html, through the organisation_tabs tag) shows a tab only to a
role that may open it; the views check the same minimum with selectors.membership_for.
"""

from django.utils.translation import gettext_lazy as _

from .models.organisations import Role, role_at_least

# (key, URL name, label, minimum role)
TABS = [
    ("overview", "organisation_detail", _("Overview"), Role.LEARNER),
    ("members", "organisation_members", _("Members"), Role.ORG_ADMIN),
    ("teams", "organisation_teams", _("Teams"), Role.ORG_ADMIN),
    ("invitations", "organisation_invitations", _("Invitations"), Role.ORG_ADMIN),
    ("join_links", "organisation_join_links", _("Join links"), Role.ORG_ADMIN),
    ("assessments", "round_list", _("Self-assessment"), Role.ASSESSMENT_LEAD),
    # Every member may be a reader; the page shows them only the files assigned to them.
    ("audits", "audit_list", _("Case-file audits"), Role.LEARNER),
    ("assignments", "organisation_assignments", _("Assigned learning"), Role.ASSESSMENT_LEAD),
    ("settings", "organisation_settings", _("Settings"), Role.ORG_ADMIN),
    ("activity", "organisation_activity", _("Activity log"), Role.ORG_ADMIN),
]
MINIMUM_ROLE = {key: role for key, _url, _label, role in TABS}


def minimum_role(key):
    return MINIMUM_ROLE[key]


def can_open(role, key):
    return role is not None and role_at_least(role, MINIMUM_ROLE[key])


def tabs_for(role):
    """[(key, URL name, label)] the role can open, in the bar's order."""
    return [(key, url, label) for key, url, label, minimum in TABS if can_open(role, key)]
