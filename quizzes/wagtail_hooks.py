from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def question_quality_urls():
    return [path("reports/question-quality/", admin_views.question_quality, name="question_quality_report")]


@hooks.register("register_reports_menu_item")
def question_quality_menu_item():
    return MenuItem(_("Question quality"), reverse("question_quality_report"), icon_name="help", order=160)
