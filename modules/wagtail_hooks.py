from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def review_urls():
    return [path("reports/modules-due-for-review/", admin_views.modules_due_for_review, name="modules_due_for_review")]


@hooks.register("register_reports_menu_item")
def review_menu_item():
    return MenuItem(_("Modules due for review"), reverse("modules_due_for_review"), icon_name="date", order=150)
