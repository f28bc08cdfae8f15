"""Reads for case-file audits. Each that reads an organisation's audits takes the caller's checked membership
(s2t_learn/access.py): isolation lives here.

A lead sees the whole audit. A reader sees only the files assigned to them, and their partner's ratings
for a file only once both have sent theirs. Anyone else cannot tell the audit exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from s2t_learn.access import require_role
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role

from ..models import AgreedRating, Audit, AuditFile, AuditMeasure, Reading
from . import stats
from .shapes import (
    AuditComparison,
    AuditResults,
    ComparisonRow,
    FileState,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from django.db.models import QuerySet

    from s2t_learn.models import User

    from ..continuum import Placement
    from ..models import AuditReader, Recommendation, Round


def published_measures() -> list[AuditMeasure]:
    return list(AuditMeasure.objects.filter(live=True).order_by("sort_order", "key"))


def take_snapshot(measures: Iterable[AuditMeasure]) -> dict[str, list[dict[str, Any]]]:
    return {
        "measures": [
            {
                "key": m.key,
                "title": m.title,
                "question": m.question,
                "guidance": m.guidance,
                "fully": m.fully,
                "partially": m.partially,
                "not_met": m.not_met,
                "domain_key": m.domain_key,
                "revision": m.latest_revision_id,
            }
            for m in measures
        ]
    }


def audits_for_lead(*, membership: Membership) -> QuerySet[Audit]:
    """Every audit of the lead's organisation."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    return Audit.objects.filter(organisation=membership.organisation).select_related("organisation")


def audit_for_lead(*, membership: Membership, audit_id: int) -> Audit:
    audit = audits_for_lead(membership=membership).filter(pk=audit_id).first()
    if audit is None:
        raise NotFound
    return audit


def audit_list_for(*, membership: Membership) -> list[Audit]:
    """The audits a member may open: a lead sees every audit; a member sees the audits they read for."""
    from s2t_learn.tabs import minimum_role

    require_role(membership, minimum_role("audits"))
    audits = Audit.objects.filter(organisation=membership.organisation)
    if not membership.has_role(Role.ASSESSMENT_LEAD):
        audits = audits.filter(readers__user_id=membership.user_id)
    return list(audits.distinct())


def audit_for_member(*, membership: Membership, audit_id: int) -> tuple[Audit, bool]:
    """(audit, is_lead) for a lead, or a reader of this audit; 404 for everyone else."""
    found = Audit.objects.filter(organisation=membership.organisation, pk=audit_id).select_related("organisation")
    audit = found.first()
    if audit is None:
        raise NotFound
    is_lead = membership.has_role(Role.ASSESSMENT_LEAD)
    if not is_lead and not audit.readers.filter(user_id=membership.user_id).exists():
        raise NotFound
    return audit, is_lead


def readers(audit: Audit) -> list[AuditReader]:
    return list(audit.readers.select_related("user").order_by("pk"))


def _files(queryset: QuerySet[AuditFile]) -> QuerySet[AuditFile]:
    readings = Prefetch("readings", queryset=Reading.objects.select_related("reader__user").order_by("pk"))
    agreed = Prefetch("agreed", queryset=AgreedRating.objects.select_related("agreed_by").order_by("agreed_at", "pk"))
    return queryset.prefetch_related(readings, agreed).order_by("pk")


def files_with_readings(audit: Audit) -> list[AuditFile]:
    """Every file with its readings (and their readers) and agreed ratings, in three queries."""
    return list(_files(audit.files.all()))


def file_with_readings(audit: Audit, file_id: int) -> AuditFile | None:
    return _files(audit.files.filter(pk=file_id)).first()


def files_for_audits(audits: Sequence[Audit]) -> dict[int, list[AuditFile]]:
    """{audit id: files} for several audits, in three queries."""
    out: dict[int, list[AuditFile]] = {a.pk: [] for a in audits}
    for file in _files(AuditFile.objects.filter(audit__in=audits)):
        out[file.audit_id].append(file)
    return out


def my_files(user: User, audit: Audit) -> list[AuditFile]:
    """The files assigned to this user, with their reading of each."""
    return list(_files(AuditFile.objects.filter(audit=audit, readings__reader__user=user)).distinct())


def files_visible_to(*, membership: Membership, audit_id: int) -> tuple[Audit, list[AuditFile], bool]:
    """(audit, files, is_lead): a lead sees every file, a reader the files assigned to them."""
    audit, is_lead = audit_for_member(membership=membership, audit_id=audit_id)
    return audit, (files_with_readings(audit) if is_lead else my_files(membership.user, audit)), is_lead


def reading_for(*, membership: Membership, audit_id: int, file_id: int) -> tuple[Audit, Reading]:
    """(audit, reading): the member's own reading of a file assigned to them (404 otherwise)."""
    audit, _is_lead = audit_for_member(membership=membership, audit_id=audit_id)
    reading = (
        Reading.objects.select_related("file", "reader", "reader__user", "file__audit")
        .filter(file__audit=audit, file_id=file_id, reader__user_id=membership.user_id)
        .first()
    )
    if reading is None:
        raise NotFound
    return audit, reading


def partner_reading(reading: Reading) -> Reading | None:
    return Reading.objects.filter(file_id=reading.file_id).exclude(pk=reading.pk).select_related("reader__user").first()


def both_sent(reading: Reading, partner: Reading | None) -> bool:
    return bool(reading.sent_at and partner is not None and partner.sent_at)


def pair_view(reading: Reading, partner: Reading | None) -> Reading | None:
    """What a reader may see of their partner: nothing until both have sent."""
    if not both_sent(reading, partner):
        return None
    return partner


def agreed_for(file: AuditFile) -> dict[str, AgreedRating]:
    """The current agreed rating per measure: the latest entry (agreed prefetched oldest first)."""
    return {a.measure_key: a for a in file.agreed.all()}


def earlier_agreed_for(file: AuditFile) -> dict[str, list[AgreedRating]]:
    """Per measure, the agreed ratings the latest one replaced, newest first."""
    current = agreed_for(file)
    earlier: dict[str, list[AgreedRating]] = {}
    for a in file.agreed.all():
        if current[a.measure_key] is not a:
            earlier.setdefault(a.measure_key, []).insert(0, a)
    return earlier


def file_state(file: AuditFile, measure_keys: Sequence[str]) -> FileState:
    """For one file (readings and agreed prefetched): both readers' ratings, the final ones, and which
    measures still need agreeing."""
    readings = [r for r in file.readings.all()]
    sent = [r for r in readings if r.sent_at]
    agreed = agreed_for(file)
    first = sent[0].ratings if len(sent) > 0 else {}
    second = sent[1].ratings if len(sent) > 1 else {}
    both = len(sent) == 2
    final: dict[str, str | None] = {}
    pending: list[str] = []
    for key in measure_keys:
        a = (first.get(key) or {}).get("value") if both else None
        b = (second.get(key) or {}).get("value") if both else None
        agreed_value = agreed[key].value if key in agreed else None
        final[key] = stats.final_rating(a, b, agreed_value)
        if stats.needs_agreement(a, b) and agreed_value is None:
            pending.append(key)
    return {
        "file": file,
        "readings": readings,
        "sent": len(sent),
        "both_sent": both,
        "pairs": {
            key: ((first.get(key) or {}).get("value"), (second.get(key) or {}).get("value")) if both else (None, None)
            for key in measure_keys
        },
        "final": final,
        "pending": pending,
        "agreed": agreed,
        "earlier": earlier_agreed_for(file),
    }


def results(audit: Audit, files: Sequence[AuditFile] | None = None) -> AuditResults:
    """Everything the results page, the API and the reports show, from one audit."""
    files = files_with_readings(audit) if files is None else files
    measures = audit.measures
    keys = [m["key"] for m in measures]
    states = [file_state(f, keys) for f in files]
    plain = [{"group": s["file"].group, "ratings": s["final"]} for s in states]
    by_measure = stats.results_by_measure(keys, plain, audit.groups)
    agreement = {key: stats.agreement_for_measure([s["pairs"][key] for s in states]) for key in keys}
    group_sizes = {g: sum(1 for f in files if f.group == g) for g in audit.groups}
    return {
        "audit": audit,
        "measures": measures,
        "states": states,
        "by_measure": by_measure,
        "agreement": agreement,
        "group_sizes": group_sizes,
        "file_count": len(files),
        "complete": sum(1 for s in states if s["both_sent"] and not s["pending"]),
        "pending_agreement": sum(1 for s in states if s["pending"]),
    }


def earlier_audit(audit: Audit) -> Audit | None:
    """The audit this one is compared with: the one it names, else the organisation's previous one."""
    if audit.previous_id:
        return Audit.objects.filter(pk=audit.previous_id, organisation_id=audit.organisation_id).first()
    return (
        Audit.objects.filter(organisation_id=audit.organisation_id, created_at__lt=audit.created_at)
        .order_by("-created_at")
        .first()
    )


def comparison(audit: Audit) -> AuditComparison | None:
    """Measure by measure: the earlier audit's overall shares against each group (and the whole) of this one."""
    before_audit = earlier_audit(audit)
    if before_audit is None:
        return None
    files = files_for_audits([before_audit, audit])
    before = results(before_audit, files[before_audit.pk])
    after = results(audit, files[audit.pk])
    before_measures = {m["key"]: m for m in before["measures"]}
    rows: list[ComparisonRow] = []
    label_before = before_audit.title
    for measure in after["measures"]:
        key = measure["key"]
        if key not in before_measures:
            continue
        was = before["by_measure"][key]["all"]
        columns = [(label_before, was)]
        columns.append((audit.title, after["by_measure"][key]["all"]))
        for group in audit.groups:
            columns.append((f"{audit.title}: {group}", after["by_measure"][key]["groups"][group]))
        sentences: list[str] = []
        for label, now in columns[1:]:
            sentences.append(
                stats.shift_sentence(
                    _("%(measure)s, fully met") % {"measure": measure["title"]},
                    was.fully,
                    now.fully,
                    label_before,
                    label,
                )
            )
            sentences.append(
                stats.shift_sentence(
                    _("%(measure)s, fully or partially met") % {"measure": measure["title"]},
                    was.fully_or_partially,
                    now.fully_or_partially,
                    label_before,
                    label,
                )
            )
        rows.append({"measure": measure, "columns": columns, "sentences": sentences})
    notes = stats.sample_notes(
        {
            "files": before["file_count"],
            "criteria": before_audit.sample_criteria,
            "groups": before_audit.groups,
            "group_sizes": before["group_sizes"],
        },
        {
            "files": after["file_count"],
            "criteria": audit.sample_criteria,
            "groups": audit.groups,
            "group_sizes": after["group_sizes"],
        },
    )
    return {"before": before_audit, "after": audit, "rows": rows, "notes": notes, "before_results": before}


def latest_audit_evidence(
    *, membership: Membership, round_: Round | None = None, placement: Placement | None = None
) -> dict[str, Any]:
    """For the self-assessment results page (its lead): the latest audit's overall shares, keyed by the
    area each measure gives evidence for, as `audit_evidence`. Empty when there is no audit with ratings."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    audit = Audit.objects.filter(organisation_id=membership.organisation_id).order_by("-created_at").first()
    if audit is None:
        return {"audit_evidence": {}}
    data = results(audit)
    evidence: dict[str, list[dict[str, Any]]] = {}
    for measure in data["measures"]:
        shares = data["by_measure"][measure["key"]]["all"]
        if measure.get("domain_key") and shares.files:
            evidence.setdefault(measure["domain_key"], []).append({"measure": measure, "shares": shares})
    return {"audit_evidence": {"audit": audit, "by_domain": evidence} if evidence else {}}


def recommendations_by_measure() -> dict[str, list[Recommendation]]:
    from ..models import Recommendation

    out: dict[str, list[Recommendation]] = {}
    for rec in Recommendation.objects.exclude(audit_measure_key="").only("key", "title", "audit_measure_key"):
        out.setdefault(rec.audit_measure_key, []).append(rec)
    return out
