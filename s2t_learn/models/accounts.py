from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    SOCIAL_WORK = "social_work", _("Social work")
    EDUCATION = "education", _("Education (schools)")
    EARLY_YEARS = "early_years", _("Early years")
    RESIDENTIAL_CHILDCARE = "residential_childcare", _("Residential childcare")
    HEALTH = "health", _("Health")
    POLICE = "police", _("Police")
    THIRD_SECTOR = "third_sector", _("Third sector")
    OTHER = "other", _("Other")


class User(AbstractUser):
    """A person who uses the platform. Email is the login; the username is generated."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.full_name or self.get_full_name() or self.email
