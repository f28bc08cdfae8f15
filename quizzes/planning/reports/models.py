"""Planning's reminder emails: each one sent once (ReminderLog), and the people who asked for no more."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes.assessment.models import Round


class ReminderLog(models.Model):
    """One reminder email sent: the unique constraints make each reminder go out once."""

    class Kind(models.TextChoices):
        ASSIGNMENT_OVERDUE = "assignment_overdue", _("Overdue learning")
        REASSESSMENT_DUE = "reassessment_due", _("Reassessment due")

    kind = models.CharField(max_length=24, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(
        "modules.ModuleAssignment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "user", "assignment"],
                condition=models.Q(assignment__isnull=False),
                name="one_reminder_per_assignment",
            ),
            models.UniqueConstraint(
                fields=["kind", "user", "round"], condition=models.Q(round__isnull=False), name="one_reminder_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.kind} reminder"


class EmailOptOut(models.Model):
    """A person who used an unsubscribe link: no more reminders of that kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=ReminderLog.Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")]

    def __str__(self):
        return f"Opt-out from {self.kind}"
