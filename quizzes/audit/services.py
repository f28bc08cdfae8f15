"""Writes for case-file audits. Views and API endpoints both call these, with the caller's checked
membership (s2t_learn/access.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn import rules
from s2t_learn.access import require_role
from s2t_learn.errors import Conflict, NotFound
from s2t_learn.models import Membership, Role

from ..models import AgreedRating, Audit, AuditFile, AuditReader, Reading, ReportJob
from . import privacy, selectors, stats

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

REASON_MAX = 500
AGREED_REASON_MAX = 1000
MAX_GROUPS = Audit.MAX_GROUPS
GROUP_NAME_MAX = Audit.GROUP_NAME_MAX


class ReadingSent(Conflict):
    message = "This reading has been sent, so it can no longer be changed. Nothing was changed."


def _check_text(errors: dict[str, str], field: str, text: str) -> None:
    problem = privacy.free_text_problem(text)
    if problem:
        errors[field] = problem


def create_audit(*, membership: Membership, data: Mapping[str, Any]) -> Audit:
    """data: title, period_start, period_end, sample_criteria, groups (list of names), previous (id)."""
    organisation = require_role(membership, Role.ASSESSMENT_LEAD).organisation
    errors: dict[str, str] = {}
    groups: list[str] = []
    for name in data.get("groups") or []:
        name = (name or "").strip()
        if name and name not in groups:
            groups.append(name)
    if not groups:
        errors["groups"] = _("Name at least one group of files, for example 'All files'.")
    elif len(groups) > MAX_GROUPS:
        errors["groups"] = _("Use at most %(n)s groups.") % {"n": MAX_GROUPS}
    else:
        for name in groups:
            problem = privacy.free_text_problem(name)
            if len(name) > GROUP_NAME_MAX:
                problem = _("Keep each group's name to %(n)s characters or fewer.") % {"n": GROUP_NAME_MAX}
            if problem:
                errors["groups"] = problem
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        errors["period_end"] = _("The end of the period must be on or after its start.")
    previous = None
    if data.get("previous"):
        previous = Audit.objects.filter(organisation=organisation, pk=data["previous"]).first()
        if previous is None:
            errors["previous"] = _("Choose one of this organisation's audits.")
    measures = selectors.published_measures()
    audit = Audit(
        organisation=organisation,
        title=(data.get("title") or "").strip(),
        period_start=start,
        period_end=end,
        sample_criteria=(data.get("sample_criteria") or "").strip(),
        groups=groups,
        snapshot=selectors.take_snapshot(measures),
        created_by=membership.user,
        previous=previous,
    )
    excluded = ["organisation", "created_by", "previous", "groups", "snapshot", *errors]
    errors.update(rules.model_field_problems(audit, exclude=excluded))
    if not measures:
        errors["title"] = _("No audit measures are published yet. Ask a site editor to load them.")
    if errors:
        raise ValidationError(errors)
    audit.save()
    return audit


def add_reader(*, membership: Membership, audit_id: int, user_id: int, background: str) -> AuditReader:
    audit = selectors.audit_for_lead(membership=membership, audit_id=audit_id)
    errors: dict[str, str] = {}
    background = (background or "").strip()
    errors.update(
        rules.model_field_problems(AuditReader(audit=audit, background=background), exclude=["audit", "user"])
    )
    member = Membership.objects.filter(organisation_id=audit.organisation_id, user_id=user_id).first()
    if member is None:
        errors["user"] = _("Choose a member of this organisation.")
    if errors:
        raise ValidationError(errors)
    reader, created = AuditReader.objects.get_or_create(
        audit=audit, user_id=user_id, defaults={"background": background}
    )
    if not created and reader.background != background:
        reader.background = background
        reader.save(update_fields=["background"])
    return reader


def add_file(
    *, membership: Membership, audit_id: int, reference: str, group: str, reader_ids: Iterable[int | str]
) -> AuditFile | None:
    """Add a file to the sample and assign it to two different readers."""
    audit = selectors.audit_for_lead(membership=membership, audit_id=audit_id)
    errors: dict[str, str] = {}
    reference = (reference or "").strip()
    problem = privacy.reference_problem(reference)
    if problem:
        errors["reference"] = problem
    elif audit.files.filter(reference__iexact=reference).exists():
        errors["reference"] = _("This audit already has a file with this reference.")
    if group not in audit.groups:
        errors["group"] = _("Choose one of the audit's groups.")
    ids = [int(r) for r in reader_ids if str(r).isdigit()]
    found = {r.pk: r for r in audit.readers.filter(pk__in=ids)}
    if len(ids) != 2 or len(set(ids)) != 2 or len(found) != 2:
        errors["readers"] = _("Choose two different readers for the file.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            file = AuditFile.objects.create(audit=audit, reference=reference, group=group)
            for reader_id in ids:
                Reading.objects.create(file=file, reader=found[reader_id])
    except IntegrityError as exc:
        raise ValidationError({"reference": _("This audit already has a file with this reference.")}) from exc
    return selectors.file_with_readings(audit, file.pk)


def remove_file(*, membership: Membership, audit_id: int, file_id: int) -> None:
    audit = selectors.audit_for_lead(membership=membership, audit_id=audit_id)
    deleted, _rows = AuditFile.objects.filter(audit=audit, pk=file_id).delete()
    if not deleted:
        raise NotFound


def save_reading(
    *,
    membership: Membership,
    audit_id: int,
    file_id: int,
    ratings: Mapping[str, Mapping[str, str | None] | None],
    send: bool = False,
) -> Reading:
    """Save a reader's own ratings ({measure: {"value", "reason"}}); `send` makes them final.
    Errors keep what was sent, so the form can show it again."""
    audit, reading = selectors.reading_for(membership=membership, audit_id=audit_id, file_id=file_id)
    if reading.sent_at:
        raise ReadingSent
    errors: dict[str, str] = {}
    clean: dict[str, dict[str, str]] = {}
    for measure in audit.measures:
        key = measure["key"]
        given = ratings.get(key) or {}
        value = (given.get("value") or "").strip()
        reason = (given.get("reason") or "").strip()
        if value and value not in stats.ORDER:
            errors[key] = _("Choose fully met, partially met or not met.")
            continue
        if len(reason) > REASON_MAX:
            errors[key] = _("Keep the reason to %(n)s characters or fewer.") % {"n": REASON_MAX}
            continue
        problem = privacy.free_text_problem(reason)
        if problem:
            errors[key] = problem
            continue
        if send and not value:
            errors[key] = _("Rate this measure before sending.")
        elif send and not reason:
            errors[key] = _("Give a short reason for this rating.")
        if value or reason:
            clean[key] = {"value": value, "reason": reason}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    updated = Reading.objects.filter(pk=reading.pk, sent_at__isnull=True).update(
        ratings=clean, updated_at=now, sent_at=now if send else None
    )
    if not updated:  # sent from another tab in the meantime
        raise ReadingSent
    reading.refresh_from_db()
    return reading


def agree_rating(
    *, membership: Membership, audit_id: int, file_id: int, measure_key: str, value: str, reason: str | None
) -> AgreedRating:
    """Record the pair's agreed rating where the two readers differed. Either reader, or a lead."""
    actor = membership.user
    audit, is_lead = selectors.audit_for_member(membership=membership, audit_id=audit_id)
    file = selectors.file_with_readings(audit, file_id)
    if file is None:
        raise NotFound
    if not is_lead and not any(r.reader.user_id == actor.pk for r in file.readings.all()):
        raise NotFound
    keys = [m["key"] for m in audit.measures]
    if measure_key not in keys:
        raise NotFound
    state = selectors.file_state(file, keys)
    if not state["both_sent"]:
        raise PermissionDenied(_("Both readers must send their ratings before agreeing one."))
    first, second = state["pairs"][measure_key]
    errors: dict[str, str] = {}
    if not stats.needs_agreement(first, second):
        errors["value"] = _("Both readers gave the same rating here, so there is nothing to agree.")
    if value not in stats.ORDER:
        errors["value"] = _("Choose fully met, partially met or not met.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why you agreed this rating.")
    elif len(reason) > AGREED_REASON_MAX:
        errors["reason"] = _("Keep the reason to %(n)s characters or fewer.") % {"n": AGREED_REASON_MAX}
    else:
        _check_text(errors, "reason", reason)
    if errors:
        raise ValidationError(errors)
    # A new entry every time: earlier decisions are kept, the latest is the current one.
    return AgreedRating.objects.create(
        file=file, measure_key=measure_key, value=value, reason=reason, agreed_by=actor, agreed_at=timezone.now()
    )


def request_report(*, membership: Membership, audit_id: int, kind: str) -> ReportJob:
    from ..planning.tasks import make_report

    audit = selectors.audit_for_lead(membership=membership, audit_id=audit_id)
    if kind not in (ReportJob.Kind.AUDIT_PDF, ReportJob.Kind.AUDIT_CSV):
        raise ValidationError({"kind": _("Choose the PDF report or the CSV data.")})
    pending = (
        ReportJob.objects.filter(organisation=audit.organisation, kind=kind, audit=audit)
        .filter(status__in=[ReportJob.Status.PENDING, ReportJob.Status.RUNNING])
        .defer("content")
        .first()
    )
    if pending is None:
        pending = ReportJob.objects.create(
            organisation=audit.organisation, kind=kind, audit=audit, requested_by=membership.user
        )
        job_id = pending.pk
        transaction.on_commit(lambda: make_report.delay(job_id))
    return ReportJob.objects.select_related("round", "organisation").defer("content").get(pk=pending.pk)
