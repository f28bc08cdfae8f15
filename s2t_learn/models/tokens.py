from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(AbstractAuthToken):
    """A personal API token. Knox stores only its digest; the token is shown once."""

    # The rules for the fields a person chooses (and their messages) are here, once: create_api_token runs
    # full_clean, and the form takes its limits from these fields.
    name = models.CharField(
        _("name"),
        max_length=100,
        error_messages={
            "blank": _("Give the token a name, so you know later what uses it."),
            "max_length": _("Keep the token's name to %(limit_value)s characters or fewer."),
        },
    )
    scope = models.CharField(
        _("scope"),
        max_length=16,
        choices=TokenScope.choices,
        default=TokenScope.READ,
        error_messages={
            "invalid_choice": _("Choose read only, or read and write."),
            "blank": _("Choose read only, or read and write."),
        },
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.token_key}…)"
