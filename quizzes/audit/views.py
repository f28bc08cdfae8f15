"""Case-file audit pages. Thin: the rules are in services and selectors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from s2t_learn.access import organisation_view
from s2t_learn.models import Role
from s2t_learn.tabs import minimum_role as tab_role
from s2t_learn.views.forms_util import add_service_errors

from . import charts, selectors, services
from .forms import AgreeForm, FileForm, NewAuditForm, ReaderForm
from .models import RATING_CHOICES
from .reports import results_context


@organisation_view(tab_role("audits"))
def audit_list(request, membership):
    slug = membership.organisation.slug
    audits = selectors.audit_list_for(membership=membership)
    is_lead = membership.has_role(Role.ASSESSMENT_LEAD)
    form = None
    if is_lead:
        form = NewAuditForm(request.POST or None, audits=audits)
        if request.method == "POST" and form.is_valid():
            data = {**form.cleaned_data, "groups": form.cleaned_groups()}
            data["previous"] = int(data["previous"]) if data.get("previous") else None
            try:
                audit = services.create_audit(membership=membership, data=data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Audit set up. Now add the readers and the files."))
                return redirect("audit_manage", slug=slug, audit_id=audit.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "audit/audit_list.html",
        {"organisation": membership.organisation, "audits": audits, "form": form, "is_lead": is_lead},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Role.ASSESSMENT_LEAD)
def audit_manage(request, membership, audit_id):
    slug = membership.organisation.slug
    audit = selectors.audit_for_lead(membership=membership, audit_id=audit_id)
    members = audit.organisation.memberships.select_related("user").order_by("user__full_name")
    readers = selectors.readers(audit)
    reader_form = ReaderForm(prefix="r", members=members)
    file_form = FileForm(prefix="f", groups=audit.groups, readers=readers)
    if request.method == "POST":
        if request.POST.get("action") == "reader":
            reader_form = ReaderForm(request.POST, prefix="r", members=members)
            if reader_form.is_valid():
                try:
                    services.add_reader(
                        membership=membership,
                        audit_id=audit.pk,
                        user_id=int(reader_form.cleaned_data["user"]),
                        background=reader_form.cleaned_data["background"],
                    )
                except ValidationError as error:
                    add_service_errors(reader_form, error)
                else:
                    messages.success(request, _("Reader added."))
                    return redirect("audit_manage", slug=slug, audit_id=audit.pk)
        else:
            file_form = FileForm(request.POST, prefix="f", groups=audit.groups, readers=readers)
            if file_form.is_valid():
                data = file_form.cleaned_data
                try:
                    services.add_file(
                        membership=membership,
                        audit_id=audit.pk,
                        reference=data["reference"],
                        group=data["group"],
                        reader_ids=[data["first_reader"], data["second_reader"]],
                    )
                except ValidationError as error:
                    if "readers" in error.message_dict:
                        file_form.add_error("second_reader", error.message_dict.pop("readers"))
                    add_service_errors(file_form, ValidationError(error.message_dict) if error.message_dict else error)
                else:
                    messages.success(request, _("File added and assigned to its two readers."))
                    return redirect("audit_manage", slug=slug, audit_id=audit.pk)
    data = selectors.results(audit)
    return render(
        request,
        "audit/audit_manage.html",
        {
            "organisation": audit.organisation,
            "audit": audit,
            "readers": readers,
            "states": data["states"],
            "results": data,
            "reader_form": reader_form,
            "file_form": file_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_view()
def my_files(request, membership, audit_id):
    audit, is_lead = selectors.audit_for_member(membership=membership, audit_id=audit_id)
    mine = selectors.my_files(request.user, audit)
    keys = [m["key"] for m in audit.measures]
    rows = []
    for file in mine:
        state = selectors.file_state(file, keys)
        own = next(r for r in file.readings.all() if r.reader.user_id == request.user.pk)
        rows.append({"file": file, "own": own, "state": state})
    return render(
        request,
        "audit/my_files.html",
        {"organisation": audit.organisation, "audit": audit, "rows": rows, "is_lead": is_lead},
    )


@organisation_view()
def read_file(request, membership, audit_id, file_id):
    slug = membership.organisation.slug
    audit, reading = selectors.reading_for(membership=membership, audit_id=audit_id, file_id=file_id)
    errors, posted = {}, None
    if request.method == "POST" and not reading.sent_at:
        posted = {
            m["key"]: {
                "value": request.POST.get(f"rating-{m['key']}", ""),
                "reason": request.POST.get(f"reason-{m['key']}", ""),
            }
            for m in audit.measures
        }
        send = "send" in request.POST
        try:
            services.save_reading(membership=membership, audit_id=audit_id, file_id=file_id, ratings=posted, send=send)
        except ValidationError as error:
            errors = error.message_dict
        except services.ReadingSent:
            messages.error(request, _("This reading had already been sent, so nothing was changed."))
            return redirect("audit_read", slug=slug, audit_id=audit_id, file_id=file_id)
        else:
            messages.success(
                request, _("Ratings sent.") if send else _("Ratings saved. You can come back and send them later.")
            )
            return redirect("audit_read", slug=slug, audit_id=audit_id, file_id=file_id)
    partner = selectors.partner_reading(reading)
    visible_partner = selectors.pair_view(reading, partner)
    source = posted if posted is not None else reading.ratings
    measures = []
    keys = [m["key"] for m in audit.measures]
    file = reading.file
    state = None
    if visible_partner is not None:
        file = selectors.file_with_readings(audit, file.pk)
        state = selectors.file_state(file, keys)
    for measure in audit.measures:
        key = measure["key"]
        own = source.get(key) or {}
        theirs = (visible_partner.ratings.get(key) or {}) if visible_partner else None
        measures.append(
            {
                "measure": measure,
                "value": own.get("value", ""),
                "reason": own.get("reason", ""),
                "error": (errors.get(key) or [None])[0],
                "partner": theirs,
                "agreed": state["agreed"].get(key) if state else None,
                "earlier": state["earlier"].get(key, []) if state else [],
                "needs_agreement": bool(state and key in state["pending"]),
                "differs": bool(state and state["pairs"][key][0] != state["pairs"][key][1]),
            }
        )
    return render(
        request,
        "audit/read_file.html",
        {
            "organisation": audit.organisation,
            "audit": audit,
            "reading": reading,
            "file": reading.file,
            "measures": measures,
            "choices": RATING_CHOICES,
            "labels": dict(RATING_CHOICES),
            "errors": errors,
            "partner_sent": bool(partner and partner.sent_at),
            "both_sent": visible_partner is not None,
        },
        status=400 if errors else 200,
    )


@organisation_view()
def agree(request, membership, audit_id, file_id, measure_key):
    slug = membership.organisation.slug
    audit, is_lead = selectors.audit_for_member(membership=membership, audit_id=audit_id)
    measure = next((m for m in audit.measures if m["key"] == measure_key), None)
    file = selectors.file_with_readings(audit, file_id)
    if measure is None or file is None:
        raise Http404
    if not is_lead and not any(r.reader.user_id == request.user.pk for r in file.readings.all()):
        raise Http404
    state = selectors.file_state(file, [m["key"] for m in audit.measures])
    if not state["both_sent"]:
        raise Http404
    existing = state["agreed"].get(measure_key)
    form = AgreeForm(
        request.POST or None, initial={"value": existing.value, "reason": existing.reason} if existing else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agree_rating(
                membership=membership,
                audit_id=audit_id,
                file_id=file_id,
                measure_key=measure_key,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreed rating recorded."))
            if is_lead and not any(r.reader.user_id == request.user.pk for r in file.readings.all()):
                return redirect("audit_manage", slug=slug, audit_id=audit_id)
            return redirect("audit_read", slug=slug, audit_id=audit_id, file_id=file_id)
    ratings = []
    for reading in state["readings"]:
        given = reading.ratings.get(measure_key) or {}
        ratings.append({"reader": reading.reader, "value": given.get("value"), "reason": given.get("reason", "")})
    return render(
        request,
        "audit/agree.html",
        {
            "organisation": audit.organisation,
            "audit": audit,
            "file": file,
            "measure": measure,
            "ratings": ratings,
            "labels": dict(RATING_CHOICES),
            "form": form,
            "existing": existing,
            "differs": measure_key in state["pending"] or existing is not None,
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Role.ASSESSMENT_LEAD)
def audit_results(request, membership, audit_id):
    audit = selectors.audit_for_lead(membership=membership, audit_id=audit_id)
    context = results_context(audit)
    context["earlier"] = selectors.earlier_audit(audit)
    return render(request, "audit/results.html", context)


@organisation_view(Role.ASSESSMENT_LEAD)
def audit_compare(request, membership, audit_id):
    audit = selectors.audit_for_lead(membership=membership, audit_id=audit_id)
    comparison = selectors.comparison(audit)
    rows = []
    if comparison:
        for row in comparison["rows"]:
            rows.append(
                {
                    **row,
                    "chart": charts.stacked_bars(
                        f"compare-{row['measure']['key']}", row["measure"]["title"], row["columns"]
                    ),
                }
            )
    return render(
        request,
        "audit/compare.html",
        {"organisation": audit.organisation, "audit": audit, "comparison": comparison, "rows": rows},
    )


@organisation_view(Role.ASSESSMENT_LEAD)
@require_POST
def audit_report(request, membership, audit_id):
    slug = membership.organisation.slug
    try:
        job = services.request_report(membership=membership, audit_id=audit_id, kind=request.POST.get("kind", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("audit_results", slug=slug, audit_id=audit_id)
    return redirect("planning_report", slug=slug, job_id=job.pk)
