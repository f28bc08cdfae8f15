from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from s2t_learn.signposting import DEFAULT_EXIT_URL


class SignpostBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Service name"))
    phone = blocks.CharBlock(required=False, label=_("Phone number"))
    url = blocks.URLBlock(required=False, label=_("Website"))
    description = blocks.TextBlock(required=False, label=_("Who it is for and when it is open"))

    class Meta:
        icon = "help"
        label = _("Service")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(_("site name"), max_length=100, default="S2T Learn")
    exit_url = models.URLField(
        _("exit URL"),
        default=DEFAULT_EXIT_URL,
        help_text=_("Where the 'Exit this page' control sends people: an ordinary, harmless website."),
    )
    signposting = StreamField([("service", SignpostBlock())], blank=True, use_json_field=True)
    require_mfa_for_staff = models.BooleanField(
        _("require two-step sign-in for editors and administrators"),
        default=False,
        help_text=_(
            "Editors, moderators, staff and superusers must set up two-step sign-in (a code from an "
            "authenticator app) before they can use the admin. Set it up for yourself first."
        ),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("exit_url"),
        HelpPanel(
            content=_(
                "<p><strong>Check every phone number and website below before the site goes live, "
                "and at every review.</strong> Services change their numbers and opening hours, and "
                "a wrong number here could cost someone the help they reached out for.</p>"
            )
        ),
        FieldPanel("signposting"),
        # Superusers only: an editor must not be able to lift the requirement that binds editors.
        FieldPanel("require_mfa_for_staff", permission="superuser"),
    ]

    class Meta:
        verbose_name = _("Site settings")

    def save(self, *args, **kwargs):
        from django.core.cache import cache

        super().save(*args, **kwargs)
        cache.delete(f"site-chrome:{self.site_id}")
