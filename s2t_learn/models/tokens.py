from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(AbstractAuthToken):
    """A personal API token. Knox stores only its digest; the token is shown once."""

    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=16, choices=TokenScope.choices, default=TokenScope.READ)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.token_key}…)"
