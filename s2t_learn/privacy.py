"""Privacy rights: everything held about a person, as one JSON document; and the retention purge.

The export finds every row that points at the person through a foreign key to the user model, in
every installed app, so a model added later is included without a change here. Fields that only
record who *else* acted (who invited, who assigned) and secrets (password hashes, token digests,
report files) are left out.
"""

import datetime
import logging
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

logger = logging.getLogger("s2t_learn.privacy")

SECRET_FIELDS = {"password", "digest", "token_hash", "token", "token_key", "salt", "content", "session_key"}
# Foreign keys naming someone who acted on the row, not the person the row is about.
ACTOR_FIELDS = {"invited_by", "requested_by", "created_by", "assigned_by", "accepted_by", "decided_by", "agreed_by"}
# The audit log names who else acted and what they changed: it is the organisation's record, not the
# person's data (a deleted account's name is taken out of it: s2t_learn.audit_log.forget_person).
SKIPPED_MODELS = {"sessions.session", "admin.logentry", "auditlog.logentry"}
# Secrets held in a field whose name is too general to leave out everywhere: the authenticator app's
# key and the recovery codes' seed (allauth.mfa). The export says that two-step sign-in is set up, and when.
SECRET_MODEL_FIELDS = {"mfa.authenticator": {"data"}}


def _plain(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return None
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def _row(instance):
    out = {}
    secret_here = SECRET_MODEL_FIELDS.get(instance._meta.label_lower, set())
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name in secret_here or isinstance(field, models.BinaryField):
            continue
        out[field.attname if field.is_relation else field.name] = _plain(getattr(instance, field.attname))
    return out


def personal_data(user):
    """{"account": {...}, "<app>.<model>": [rows], ...}: every row held about this person."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    document = {"exported_at": timezone.now().isoformat(), "account": _row(user)}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in SKIPPED_MODELS or model is user_model:
            continue
        links = [
            field
            for field in model._meta.concrete_fields
            if field.is_relation
            and field.many_to_one
            and field.related_model is user_model
            and field.name not in ACTOR_FIELDS
        ]
        if not links:
            continue
        query = models.Q()
        for field in links:
            query |= models.Q(**{field.name: user})
        rows = [_row(row) for row in model._default_manager.filter(query).order_by("pk")]
        if rows:
            document[label] = rows
    return document


def purge_expired(now=None):
    """Beat task body: delete what is no longer needed after PRIVACY_RETENTION_DAYS. Returns counts."""
    from auditlog.models import LogEntry
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from .models import Invitation, JoinLink

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PRIVACY_RETENTION_DAYS)
    signin_cutoff = now - datetime.timedelta(days=settings.SIGNIN_RECORD_RETENTION_DAYS)
    counts = {
        # Expired, revoked or used invitations and join links (the invited email goes with them).
        "invitations": Invitation.objects.filter(
            models.Q(expires_at__lt=cutoff) | models.Q(revoked_at__lt=cutoff) | models.Q(accepted_at__lt=cutoff)
        ).delete()[0],
        "join_links": JoinLink.objects.filter(
            models.Q(expires_at__lt=cutoff) | models.Q(revoked_at__lt=cutoff)
        ).delete()[0],
        "signin_attempts": AccessAttempt.objects.filter(attempt_time__lt=signin_cutoff).delete()[0],
        "signin_logs": AccessLog.objects.filter(attempt_time__lt=signin_cutoff).delete()[0],
        "signin_failures": AccessFailureLog.objects.filter(attempt_time__lt=signin_cutoff).delete()[0],
        "audit_log": LogEntry.objects.filter(
            timestamp__lt=now - datetime.timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS)
        ).delete()[0],
    }
    logger.info("Retention purge: %s", counts)
    return counts


class WrongPassword(Exception):
    pass


def _stand_in():
    """A new inactive account that takes the deleted person's place in results: one per person, so
    respondent counts stay the same, and nothing about them."""
    import uuid

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    email = f"former-{uuid.uuid4().hex}@deleted.invalid"
    stand_in = user_model(email=email, username=email, full_name="Former respondent", is_active=False)
    stand_in.set_unusable_password()
    stand_in.save()
    return stand_in


def delete_account(user, password):
    """Delete the account and every personal row. Rows that results rest on (settings
    PRIVACY_KEEP_ANONYMOUSLY, e.g. a closed round's answers) pass to an anonymous stand-in, so those
    results never change; invitations to the person's address are removed."""
    from django.db import transaction

    if not password or not user.check_password(password):
        raise WrongPassword
    email = user.email
    with transaction.atomic():
        stand_in = None
        for path in settings.PRIVACY_KEEP_ANONYMOUSLY:
            app_model, field = path.rsplit(".", 1)
            model = apps.get_model(app_model)
            rows = model._default_manager.filter(**{field: user})
            if rows.exists():
                stand_in = stand_in or _stand_in()
                changes = {field: stand_in}
                if any(f.name == "email" for f in model._meta.concrete_fields):
                    changes["email"] = ""
                rows.update(**changes)
        for path in settings.PRIVACY_DELETE_BY_EMAIL:
            app_model, field = path.rsplit(".", 1)
            apps.get_model(app_model)._default_manager.filter(**{f"{field}__iexact": email}).delete()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=email).delete()
        user.delete()
    logger.info("An account was deleted at its owner's request.")
