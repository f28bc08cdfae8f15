"""The audit log: what admins and leads did in an organisation, who did it and when (ASVS V7).

django-auditlog records every change to the rows listed in TRACKED: memberships and roles, teams,
invitations and join links, self-assessment rounds (opened, closed, reopened, converted), each agreed
answer (the moderation record), report and data exports, and case-file audits. Each entry carries its
organisation, so an org admin reads their own organisation's log and nobody else's.

What it never holds:
- anyone's answers: round responses (RoundInvitation) and audit ratings are not tracked, so the log
  cannot be used to tell who answered what in an anonymous round;
- network addresses (none are recorded);
- a deleted account's name or email: `forget_person` rewrites those entries to "a deleted account".
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

DELETED_ACCOUNT_MARK = "(deleted account)"


@dataclass(frozen=True)
class Tracked:
    label: str  # app_label.ModelName
    fields: list[str]  # only these are compared: nothing else (no snapshot, no file, no answer) is stored
    organisation: Callable[[Any], int | None]
    subject: Callable[[Any], str]  # how the entry names the row
    person: Callable[[Any], int | None] = field(default=lambda row: None)  # the account the row is about


def _round_title(row):
    return row.round.title if row.round_id else ""


TRACKED = [
    Tracked(
        "s2t_learn.Organisation",
        ["name", "require_mfa_for_admins"],
        organisation=lambda row: row.pk,
        subject=lambda row: row.name,
    ),
    Tracked(
        "s2t_learn.Membership",
        ["role", "team"],
        organisation=lambda row: row.organisation_id,
        subject=lambda row: row.user.display_name,
        person=lambda row: row.user_id,
    ),
    Tracked("s2t_learn.Team", ["name"], organisation=lambda row: row.organisation_id, subject=lambda row: row.name),
    Tracked(
        "s2t_learn.Invitation",
        ["role", "team", "accepted_at", "revoked_at"],
        organisation=lambda row: row.organisation_id,
        subject=lambda row: row.email,
    ),
    Tracked(
        "s2t_learn.JoinLink",
        ["role", "team", "expires_at", "revoked_at"],
        organisation=lambda row: row.organisation_id,
        subject=lambda row: row.get_role_display(),
    ),
    Tracked(
        "quizzes.Round",
        ["title", "status", "is_anonymous", "team", "closes_on", "close_on_date"],
        organisation=lambda row: row.organisation_id,
        subject=lambda row: row.title,
    ),
    Tracked(
        "quizzes.AgreedAnswer",
        ["statement_key", "value", "group_value", "reason"],
        organisation=lambda row: row.round.organisation_id,
        subject=_round_title,
    ),
    Tracked(
        "quizzes.ReportJob",
        ["kind", "round", "team", "audit"],
        organisation=lambda row: row.organisation_id,
        subject=lambda row: row.get_kind_display(),
    ),
    Tracked("quizzes.Audit", ["title"], organisation=lambda row: row.organisation_id, subject=lambda row: row.title),
]


def _additional_data(tracked):
    def get_additional_data(self):
        return {
            "organisation": tracked.organisation(self),
            "subject": str(tracked.subject(self))[:200],
            "person": tracked.person(self),
        }

    return get_additional_data


def register_all() -> None:
    """Called once from S2TLearnConfig.ready(), when every model is loaded."""
    from auditlog.registry import auditlog

    for tracked in TRACKED:
        model = apps.get_model(tracked.label)
        model.get_additional_data = _additional_data(tracked)
        if not auditlog.contains(model):
            auditlog.register(model, include_fields=tracked.fields)


class AuditActorMiddleware:
    """Names the signed-in person as the actor of whatever this request changes. The user is read only
    when an entry is written, so a page that changes nothing costs nothing, and an API request, which
    DRF authenticates inside the view, is credited to its token's owner. No address is recorded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from auditlog.context import set_extra_data

        def signed_in():
            user = getattr(request, "user", None)
            return user if user is not None and user.is_authenticated else None

        context = {"actor": SimpleLazyObject(signed_in), "remote_addr": None, "remote_port": None}
        with set_extra_data(context_data=context):
            return self.get_response(request)


# ---------------------------------------------------------------- reading the log


def actor_name(entry) -> str:
    if entry.actor_id:
        return entry.actor.display_name
    if entry.actor_email == DELETED_ACCOUNT_MARK:
        return _("A deleted account")
    return _("The platform")


def _changes(entry) -> dict[str, list[str]]:
    changes = entry.changes_dict or {}
    return {name: [str(v) for v in values] for name, values in changes.items()}


def _set(values) -> bool:
    return len(values) == 2 and values[0] == "None" and values[1] != "None"


def _choice(model_label, field_name, value):
    model = apps.get_model(model_label)
    return str(dict(model._meta.get_field(field_name).choices).get(value, value))


def _answer_labels() -> dict[str, str]:
    from quizzes import continuum_levels

    return {key: str(label) for key, label in continuum_levels.FLAG_CHOICES + continuum_levels.GATE_CHOICES}


def describe(entry) -> str:
    """One entry in plain words, for the activity page and the API: a sentence, capital first."""
    text = _sentence(entry)
    text = text if text.endswith((".", "”")) or "Reason:" in text else text + "."
    return text[:1].upper() + text[1:]


def _sentence(entry) -> str:
    from auditlog.models import LogEntry

    data = entry.additional_data or {}
    subject = data.get("subject") or entry.object_repr
    model = entry.content_type.model if entry.content_type_id else ""
    changes = _changes(entry)
    created, updated = entry.action == LogEntry.Action.CREATE, entry.action == LogEntry.Action.UPDATE
    deleted = entry.action == LogEntry.Action.DELETE
    role = changes.get("role", [None, None])[-1]
    if model == "membership":
        if created:
            return _("Added %(who)s as %(role)s.") % {
                "who": subject,
                "role": _choice("s2t_learn.Membership", "role", role),
            }
        if deleted:
            return _("%(who)s no longer belongs to the organisation.") % {"who": subject}
        parts = []
        if "role" in changes:
            old, new = changes["role"]
            parts.append(
                _("changed %(who)s's role from %(old)s to %(new)s")
                % {
                    "who": subject,
                    "old": _choice("s2t_learn.Membership", "role", old),
                    "new": _choice("s2t_learn.Membership", "role", new),
                }
            )
        if "team" in changes:
            parts.append(_("moved %(who)s to another team") % {"who": subject})
        return _("; ").join(parts) or _("changed %(who)s's membership") % {"who": subject}
    if model == "organisation":
        if created:
            return _("Created the organisation %(name)s.") % {"name": subject}
        required = changes.get("require_mfa_for_admins")
        if required:
            if required[1] == "True":
                return _("Required two-step sign-in of every organisation admin.")
            return _("Stopped requiring two-step sign-in of organisation admins.")
        if "name" in changes:
            return _("Renamed the organisation %(old)s to %(new)s.") % {
                "old": changes["name"][0],
                "new": changes["name"][1],
            }
    if model == "invitation":
        if created:
            return _("Invited %(email)s as %(role)s.") % {
                "email": subject,
                "role": _choice("s2t_learn.Invitation", "role", role),
            }
        if updated and _set(changes.get("revoked_at", [])):
            return _("Revoked the invitation to %(email)s.") % {"email": subject}
        if updated and _set(changes.get("accepted_at", [])):
            return _("%(email)s accepted the invitation.") % {"email": subject}
        if deleted:
            return _("The invitation to %(email)s was removed.") % {"email": subject}
    if model == "joinlink":
        if created:
            return _("Created a join link for new members as %(role)s.") % {"role": subject}
        if updated and _set(changes.get("revoked_at", [])):
            return _("Revoked a join link.")
        if deleted:
            return _("An old join link was removed.")
    if model == "team":
        if created:
            return _("Added the team %(name)s.") % {"name": subject}
        if deleted:
            return _("Deleted the team %(name)s.") % {"name": subject}
        if "name" in changes:
            return _("Renamed the team %(old)s to %(new)s.") % {"old": changes["name"][0], "new": changes["name"][1]}
    if model == "round":
        if created:
            kind = _("anonymous") if changes.get("is_anonymous", ["", "True"])[-1] == "True" else _("named")
            return _("Opened the %(kind)s self-assessment round “%(title)s”.") % {"kind": kind, "title": subject}
        if deleted:
            return _("Deleted the self-assessment round “%(title)s”.") % {"title": subject}
        status = changes.get("status")
        if status and status[1] == "closed":
            return _("Closed the self-assessment round “%(title)s”.") % {"title": subject}
        if status and status[1] == "open":
            return _("Reopened the self-assessment round “%(title)s”.") % {"title": subject}
        if changes.get("is_anonymous", [None, None])[1] == "False":
            return _("Made the round “%(title)s” named.") % {"title": subject}
        if "closes_on" in changes or "close_on_date" in changes:
            return _("Changed the closing date of the round “%(title)s”.") % {"title": subject}
        if "title" in changes:
            return _("Renamed the round “%(old)s” to “%(new)s”.") % {
                "old": changes["title"][0],
                "new": changes["title"][1],
            }
    if model == "agreedanswer":
        labels = _answer_labels()
        value = changes.get("value", ["", ""])[-1]
        group = changes.get("group_value", ["", ""])[-1]
        facts = {
            "statement": changes.get("statement_key", ["", ""])[-1],
            "title": subject,
            "value": labels.get(value, value),
            "group": labels.get(group, group) if group else _("none"),
            "reason": changes.get("reason", ["", ""])[-1],
        }
        if not value:
            return (
                _("Left statement %(statement)s in “%(title)s” as the group answered (%(group)s). Reason: %(reason)s")
                % facts
            )
        return (
            _(
                "Agreed an answer for statement %(statement)s in “%(title)s”: %(value)s (the group's answer "
                "was %(group)s). Reason: %(reason)s"
            )
            % facts
        )
    if model == "reportjob" and created:
        return _("Asked for an export: %(kind)s.") % {"kind": subject}
    if model == "audit":
        if created:
            return _("Started the case-file audit “%(title)s”.") % {"title": subject}
        if deleted:
            return _("Deleted the case-file audit “%(title)s”.") % {"title": subject}
        if "title" in changes:
            return _("Renamed the case-file audit “%(old)s” to “%(new)s”.") % {
                "old": changes["title"][0],
                "new": changes["title"][1],
            }
    verb = {LogEntry.Action.CREATE: _("Added"), LogEntry.Action.DELETE: _("Deleted")}.get(entry.action, _("Changed"))
    kind = entry.content_type.name if entry.content_type_id else ""
    return f"{verb} {kind} “{subject}”."


# ---------------------------------------------------------------- privacy


def forget_person(user_id: int, email: str) -> int:
    """When an account is deleted (by its owner or by an admin): take its name and email out of every
    log entry, including those its own deletion just wrote. The entries stay (what was done still
    happened), naming "a deleted account". Returns how many entries were rewritten."""
    from auditlog.models import LogEntry

    # By id, and by email too: entries whose actor link the deletion itself already cleared keep the email.
    acted = models.Q(actor_id=user_id) | (models.Q(actor_email__iexact=email) if email else models.Q(pk__in=[]))
    changed = LogEntry.objects.filter(acted).update(actor=None, actor_email=DELETED_ACCOUNT_MARK)
    about = list(LogEntry.objects.filter(additional_data__person=user_id))
    if email:
        about += list(
            LogEntry.objects.filter(content_type__app_label="s2t_learn", content_type__model="invitation").filter(
                additional_data__subject__iexact=email
            )
        )
    for entry in about:
        data = {**(entry.additional_data or {}), "subject": _("a deleted account"), "person": None}
        LogEntry.objects.filter(pk=entry.pk).update(object_repr=_("a deleted account"), additional_data=data)
    return changed + len(about)


def forget_deleted_account(sender, instance, **kwargs):
    """post_delete of the user model (connected in S2TLearnConfig.ready)."""
    forget_person(instance.pk if instance.pk is not None else getattr(instance, "_audit_pk", None), instance.email)


def remember_pk(sender, instance, **kwargs):
    """pre_delete of the user model: Django clears the instance's pk after deleting it."""
    instance._audit_pk = instance.pk
