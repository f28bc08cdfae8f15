from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views


@hooks.register("register_admin_urls")
def review_urls():
    return [path("reports/modules-due-for-review/", admin_views.modules_due_for_review, name="modules_due_for_review")]


@hooks.register("register_reports_menu_item")
def review_menu_item():
    return MenuItem(_("Modules due for review"), reverse("modules_due_for_review"), icon_name="date", order=150)


class ModulesDueForReviewPanel(Component):
    """The editor's dashboard: modules whose facts, figures and helplines are due a check."""

    name = "modules_due_for_review"
    template_name = "modules/admin/dashboard_review_due.html"
    order = 230  # after pages awaiting review, before recent edits

    def get_context_data(self, parent_context):
        from .selectors import review_schedule

        context = super().get_context_data(parent_context)
        schedule = review_schedule(timezone.localdate())
        context.update({"due": schedule["due"][:10], "due_count": len(schedule["due"]), "cutoff": schedule["cutoff"]})
        return context


@hooks.register("construct_homepage_panels")
def editor_dashboard(request, panels):
    # Wagtail's own panels already list what awaits this person's review (pages and snippets in the
    # workflow), what they submitted, and their recent edits; add what is due for review.
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(ModulesDueForReviewPanel())
