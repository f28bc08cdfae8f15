"""Case-file audits: setting up, paired reading with hidden partner ratings, agreement, results, comparison,
reports, the link to the self-assessment, privacy refusals that keep the form, access and query counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from quizzes.audit import selectors, services
from quizzes.models import AgreedRating, Audit, AuditFile, AuditMeasure, ReportJob
from quizzes.planning.reports import services as report_services
from s2t_learn.selectors import membership_for

from .audit_helpers import KEYS, add_file, make_audit, member, read

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(people, organisation):
    lead, learner = people["assessment_lead"], people["learner"]
    audit, a, b = make_audit(lead, organisation, learner, lead)
    return {"audit": audit, "a": a, "b": b, "lead": lead, "learner": learner, "org": organisation}


# ---------------------------------------------------------------- measures


def test_measures_are_drafted_snippets_and_each_audit_keeps_its_version(setup):
    audit = setup["audit"]
    assert [m["key"] for m in audit.measures] == KEYS
    measure = AuditMeasure.objects.get(key="child-plan")
    assert measure.live and measure.latest_revision_id
    assert audit.measures[2]["revision"] == measure.latest_revision_id
    # An editor's draft changes nothing live; a published change reaches new audits only.
    measure.title = "A new wording"
    measure.save_revision()
    assert AuditMeasure.objects.get(key="child-plan").title != "A new wording"
    measure.save_revision().publish()
    later = services.create_audit(
        membership=member(setup["lead"], setup["org"]), data={"title": "Later", "groups": ["All"]}
    )
    assert later.measures[2]["title"] == "A new wording"
    assert Audit.objects.get(pk=audit.pk).measures[2]["title"] != "A new wording"


# ---------------------------------------------------------------- setting up


def test_setting_up_refuses_identifying_text_with_a_message(setup):
    with pytest.raises(ValidationError) as error:
        services.create_audit(
            membership=member(setup["lead"], setup["org"]),
            data={"title": "Audit", "groups": ["All"], "sample_criteria": "Files for Jane Smith born 12/03/2015"},
        )
    assert "name with a date" in error.value.message_dict["sample_criteria"][0]


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"title": "", "groups": ["All"]}, "title", "Give the audit a name"),
        ({"title": "A" * 201, "groups": ["All"]}, "title", "200 characters or fewer"),
        ({"title": "Audit for Mrs Smith 12/03/2015", "groups": ["All"]}, "title", "name with a date"),
        ({"title": "Audit", "groups": ["All"], "sample_criteria": "x" * 2001}, "sample_criteria", "2000 characters"),
        ({"title": "Audit", "groups": ["G" * 81]}, "groups", "80 characters or fewer"),
        ({"title": "Audit", "groups": [str(n) for n in range(7)]}, "groups", "at most 6 groups"),
    ],
)
def test_an_audit_is_checked_by_the_models_rules_and_nothing_is_cut_short(setup, data, field, words):
    """Each field's rule is on the model (full_clean in the service): too long is refused with the
    field's message, never silently shortened, and nothing is saved."""
    before = Audit.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_audit(membership=member(setup["lead"], setup["org"]), data=data)
    assert words in error.value.message_dict[field][0]
    assert Audit.objects.count() == before


def test_a_readers_background_is_checked_by_the_models_rules(setup, people):
    lead, audit = setup["lead"], setup["audit"]
    membership = member(lead, setup["org"])
    for background, words in [("", "professional background"), ("s" * 121, "120 characters or fewer")]:
        with pytest.raises(ValidationError) as error:
            services.add_reader(membership=membership, audit_id=audit.pk, user_id=lead.pk, background=background)
        assert words in error.value.message_dict["background"][0]
    reader = services.add_reader(membership=membership, audit_id=audit.pk, user_id=lead.pk, background=" " + "s" * 120)
    assert reader.background == "s" * 120


def test_files_need_a_safe_reference_two_different_readers_and_a_known_group(setup):
    audit, a, b, lead = setup["audit"], setup["a"], setup["b"], setup["lead"]
    with pytest.raises(ValidationError) as error:
        services.add_file(
            membership=member(lead, setup["org"]),
            audit_id=audit.pk,
            reference="0101901234",
            group="Elsewhere",
            reader_ids=[a.pk, a.pk],
        )
    errors = error.value.message_dict
    assert "CHI" in errors["reference"][0]
    assert "groups" in errors["group"][0]
    assert "two different readers" in errors["readers"][0]
    add_file(lead, audit, a, b, "F-01")
    with pytest.raises(ValidationError) as error:
        add_file(lead, audit, a, b, "f-01")
    assert "already has a file" in error.value.message_dict["reference"][0]


def test_only_members_can_read(setup, people):
    with pytest.raises(ValidationError):
        services.add_reader(
            membership=member(setup["lead"], setup["org"]),
            audit_id=setup["audit"].pk,
            user_id=people["other_org"].pk,
            background="Police",
        )


# ---------------------------------------------------------------- reading in pairs


def test_partner_ratings_are_hidden_until_both_have_sent(setup):
    audit, a, b, lead, learner = setup["audit"], setup["a"], setup["b"], setup["lead"], setup["learner"]
    file = add_file(lead, audit, a, b, "F-01")
    mine = read(learner, audit, file, "fully")
    partner = selectors.partner_reading(mine)
    assert selectors.pair_view(mine, partner) is None
    read(lead, audit, file, "partially", send=False)  # saved, not sent
    mine.refresh_from_db()
    assert selectors.pair_view(mine, selectors.partner_reading(mine)) is None
    read(lead, audit, file, "partially")
    assert selectors.pair_view(mine, selectors.partner_reading(mine)).ratings[KEYS[0]]["value"] == "partially"


def test_a_sent_reading_cannot_change(setup):
    audit, a, b = setup["audit"], setup["a"], setup["b"]
    file = add_file(setup["lead"], audit, a, b, "F-01")
    read(setup["learner"], audit, file)
    with pytest.raises(services.ReadingSent):
        read(setup["learner"], audit, file, "not_met")


def test_sending_needs_every_rating_and_reason_but_saving_does_not(setup):
    audit, a, b, learner = setup["audit"], setup["a"], setup["b"], setup["learner"]
    file = add_file(setup["lead"], audit, a, b, "F-01")
    partial = {KEYS[0]: {"value": "fully", "reason": ""}}
    mine = {"membership": member(learner, setup["org"]), "audit_id": audit.pk, "file_id": file.pk}
    services.save_reading(**mine, ratings=partial, send=False)
    with pytest.raises(ValidationError) as error:
        services.save_reading(**mine, ratings=partial, send=True)
    assert "short reason" in error.value.message_dict[KEYS[0]][0]
    assert "Rate this measure" in error.value.message_dict[KEYS[1]][0]


def test_a_non_reader_cannot_open_a_file(setup, people, other_organisation):
    audit, a, b = setup["audit"], setup["a"], setup["b"]
    file = add_file(setup["lead"], audit, a, b, "F-01")
    with pytest.raises(Http404):
        selectors.reading_for(membership=member(people["org_admin"], setup["org"]), audit_id=audit.pk, file_id=file.pk)
    with pytest.raises(Http404):  # not a member: the check itself says 404
        member(people["other_org"], setup["org"])
    with pytest.raises(Http404):  # their own organisation's membership does not reach this audit
        selectors.reading_for(
            membership=member(people["other_org"], other_organisation), audit_id=audit.pk, file_id=file.pk
        )


# ---------------------------------------------------------------- agreeing


def test_agreeing_a_difference_with_reason_who_and_when(setup):
    audit, a, b, lead, learner = setup["audit"], setup["a"], setup["b"], setup["lead"], setup["learner"]
    file = add_file(lead, audit, a, b, "F-01")
    read(learner, audit, file, "fully")
    mine = {"membership": member(learner, setup["org"]), "audit_id": audit.pk, "file_id": file.pk}
    with pytest.raises(PermissionDenied):  # the partner has not sent yet
        services.agree_rating(**mine, measure_key=KEYS[0], value="fully", reason="Agreed")
    read(lead, audit, file, "fully", child_plan="partially")
    with pytest.raises(ValidationError) as error:  # they agree on this one already
        services.agree_rating(**mine, measure_key=KEYS[0], value="fully", reason="Agreed")
    assert "nothing to agree" in error.value.message_dict["value"][0]
    with pytest.raises(ValidationError):  # identifying text refused
        services.agree_rating(**mine, measure_key="child-plan", value="partially", reason="Mr Brown 1/2/2010")
    services.agree_rating(**mine, measure_key="child-plan", value="partially", reason="Re-read the plan.")
    agreed = AgreedRating.objects.get(file=file, measure_key="child-plan")
    assert (agreed.value, agreed.agreed_by, agreed.reason) == ("partially", learner, "Re-read the plan.")
    state = selectors.file_state(AuditFile.objects.prefetch_related("readings", "agreed").get(pk=file.pk), KEYS)
    assert state["final"]["child-plan"] == "partially" and not state["pending"]


def test_agreeing_again_adds_to_the_history_and_the_latest_counts(client, setup):
    audit, a, b, lead, learner = setup["audit"], setup["a"], setup["b"], setup["lead"], setup["learner"]
    slug = setup["org"].slug
    file = add_file(lead, audit, a, b, "F-01")
    read(learner, audit, file, "fully")
    read(lead, audit, file, "fully", child_plan="not_met")
    where = {"audit_id": audit.pk, "file_id": file.pk, "measure_key": "child-plan"}
    first = services.agree_rating(
        membership=member(learner, setup["org"]), **where, value="partially", reason="Plan part done."
    )
    second = services.agree_rating(
        membership=member(lead, setup["org"]), **where, value="fully", reason="Found the plan review."
    )
    history = list(AgreedRating.objects.filter(file=file, measure_key="child-plan"))
    assert [h.pk for h in history] == [first.pk, second.pk]  # nothing overwritten
    first.refresh_from_db()
    assert (first.value, first.reason, first.agreed_by) == ("partially", "Plan part done.", learner)
    state = selectors.file_state(selectors.file_with_readings(audit, file.pk), KEYS)
    assert state["agreed"]["child-plan"].pk == second.pk
    assert [e.pk for e in state["earlier"]["child-plan"]] == [first.pk]
    assert state["final"]["child-plan"] == "fully"
    assert selectors.results(audit)["states"][0]["final"]["child-plan"] == "fully"  # results use the latest
    client.force_login(learner)
    page = client.get(reverse("audit_read", args=[slug, audit.pk, file.pk])).content.decode()
    assert "Found the plan review." in page and "1 earlier decision" in page and "Plan part done." in page


# ---------------------------------------------------------------- results and comparison


def _complete_audit(setup, n=6, group_split=3, disagree_on=None):
    audit, a, b, lead, learner = setup["audit"], setup["a"], setup["b"], setup["lead"], setup["learner"]
    for i in range(n):
        group = audit.groups[0] if i < group_split else audit.groups[1]
        file = add_file(lead, audit, a, b, f"F-{i:02d}", group)
        read(learner, audit, file, "fully" if i % 2 else "partially")
        if disagree_on == i:
            read(lead, audit, file, "fully" if i % 2 else "partially", child_plan="not_met")
        else:
            read(lead, audit, file, "fully" if i % 2 else "partially")
    return audit


def test_results_shares_withholding_and_agreement(setup):
    audit = _complete_audit(setup, n=6, group_split=3, disagree_on=0)
    data = selectors.results(audit)
    assert data["file_count"] == 6 and data["pending_agreement"] == 1 and data["complete"] == 5
    risk = data["by_measure"]["risk-assessment"]
    assert (risk["all"].fully, risk["all"].partially, risk["all"].not_met) == (50, 50, 0)
    assert risk["groups"]["Trained"].withheld and risk["groups"]["Not trained"].withheld
    plan = data["by_measure"]["child-plan"]
    assert plan["all"].files == 5  # the unagreed file waits
    assert data["agreement"]["risk-assessment"]["percent"] == 100
    assert data["agreement"]["child-plan"]["percent"] == pytest.approx(100 * 5 / 6)


def test_comparison_with_the_earlier_audit_measure_by_measure(setup, people):
    earlier, a0, b0 = make_audit(
        setup["lead"], setup["org"], setup["learner"], setup["lead"], title="Audit 2024", groups=["All"]
    )
    for i in range(5):
        file = add_file(setup["lead"], earlier, a0, b0, f"E-{i}")
        read(setup["learner"], earlier, file, "not_met")
        read(setup["lead"], earlier, file, "not_met")
    Audit.objects.filter(pk=earlier.pk).update(created_at=setup["audit"].created_at.replace(year=2024))
    audit = _complete_audit(setup, n=6)
    comparison = selectors.comparison(audit)
    assert comparison["before"].pk == earlier.pk
    first = comparison["rows"][0]["sentences"]
    assert first[1].startswith("Assessment of risk and need about domestic abuse, fully or partially met rose from 0%")
    assert "to 100% (Audit 2027)" in first[1]
    notes = " ".join(comparison["notes"])
    assert "5 files, then 6" in notes and "groups differ" in notes


def test_the_self_assessment_results_show_the_latest_audit_beside_its_areas(setup):
    _complete_audit(setup, n=6)
    evidence = selectors.latest_audit_evidence(membership=member(setup["lead"], setup["org"]))["audit_evidence"]
    assert set(evidence["by_domain"]) == {"perpetrator_pattern", "child_safety", "partnering"}
    assert [i["measure"]["key"] for i in evidence["by_domain"]["perpetrator_pattern"]] == [
        "risk-assessment",
        "perpetrator-centre",
    ]


def test_recommendations_can_point_to_a_measure(setup):
    from quizzes.models import Recommendation

    Recommendation.objects.create(
        key="rec-aud",
        domain_key="pattern",
        level="neglectful",
        title="Step",
        action="Do",
        audit_measure_key="child-plan",
    )
    assert [r.key for r in selectors.recommendations_by_measure()["child-plan"]] == ["rec-aud"]


# ---------------------------------------------------------------- reports


def test_pdf_and_csv_reports_are_made_by_the_worker(setup):
    audit = _complete_audit(setup, n=6)
    lead = member(setup["lead"], setup["org"])
    csv_job = services.request_report(membership=lead, audit_id=audit.pk, kind="audit_csv")
    from quizzes.planning.reports.services import run_report_job

    run_report_job(csv_job.pk)
    csv_job.refresh_from_db()
    text = bytes(csv_job.content).decode("utf-8-sig")
    assert csv_job.status == "done" and "krippendorff_alpha_ordinal" in text
    assert "F-01" not in text  # no file references in reports
    assert "withheld" in text  # groups of 3
    pdf_job = services.request_report(membership=lead, audit_id=audit.pk, kind="audit_pdf")
    run_report_job(pdf_job.pk)
    pdf_job.refresh_from_db()
    assert pdf_job.status == "done" and bytes(pdf_job.content).startswith(b"%PDF")


def test_round_report_requests_cannot_ask_for_audit_kinds(setup):

    with pytest.raises(ValidationError):
        report_services.request_report(
            membership=membership_for(setup["lead"], setup["org"].slug), kind=ReportJob.Kind.AUDIT_PDF
        )


# ---------------------------------------------------------------- pages: privacy keeps the form


def test_a_refused_reference_keeps_the_rest_of_the_form(client, setup):
    client.force_login(setup["lead"])
    url = reverse("audit_manage", args=[setup["org"].slug, setup["audit"].pk])
    response = client.post(
        url,
        {
            "action": "file",
            "f-reference": "Jane Smith",
            "f-group": "Not trained",
            "f-first_reader": setup["a"].pk,
            "f-second_reader": setup["b"].pk,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "must not be a name" in body
    assert 'value="Jane Smith"' in body  # kept, for the person to correct
    assert '<option value="Not trained" selected>' in body
    assert not AuditFile.objects.exists()


def test_a_refused_free_text_keeps_the_ratings(client, setup):
    audit, a, b = setup["audit"], setup["a"], setup["b"]
    file = add_file(setup["lead"], audit, a, b, "F-01")
    client.force_login(setup["learner"])
    url = reverse("audit_read", args=[setup["org"].slug, audit.pk, file.pk])
    data = {f"rating-{k}": "fully" for k in KEYS} | {f"reason-{k}": "Clear in the file." for k in KEYS}
    data[f"reason-{KEYS[1]}"] = "Spoke to Ms Jones on 02/02/2016"
    response = client.post(url, {**data, "send": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "name with a date" in body
    assert 'value="fully" checked' in body and "Clear in the file." in body
    assert file.readings.get(reader=a).sent_at is None


def test_setting_up_through_the_page_refuses_names_and_keeps_the_form(client, setup):
    client.force_login(setup["lead"])
    url = reverse("audit_list", args=[setup["org"].slug])
    response = client.post(
        url,
        {
            "title": "Audit for Mr Green 01/01/2000",
            "groups": "Trained\nNot trained",
            "sample_criteria": "Three reports",
        },
    )
    assert response.status_code == 400
    assert "name with a date" in response.content.decode()
    assert "Three reports" in response.content.decode()


# ---------------------------------------------------------------- access


def test_pages_for_each_role(client, setup, people):
    audit, a, b = setup["audit"], setup["a"], setup["b"]
    file = add_file(setup["lead"], audit, a, b, "F-01")
    slug = setup["org"].slug
    read_url = reverse("audit_read", args=[slug, audit.pk, file.pk])
    results_url = reverse("audit_results", args=[slug, audit.pk])
    client.force_login(people["learner"])
    assert client.get(read_url).status_code == 200
    assert client.get(results_url).status_code == 403
    client.force_login(people["org_admin"])  # a lead, but not a reader of this file
    assert client.get(read_url).status_code == 404
    assert client.get(results_url).status_code == 200
    client.force_login(people["other_org"])
    assert client.get(results_url).status_code == 404
    assert client.get(reverse("audit_list", args=[slug])).status_code == 404


def test_a_member_who_reads_nothing_cannot_see_the_audit(client, setup):
    from tests.factories import MembershipFactory

    other = MembershipFactory(organisation=setup["org"]).user
    client.force_login(other)
    assert client.get(reverse("audit_my_files", args=[setup["org"].slug, setup["audit"].pk])).status_code == 404
    response = client.get(reverse("api_audits", args=[setup["org"].slug]))
    assert response.status_code == 200 and response.json()["count"] == 0


def test_api_reader_sees_only_own_files_and_partner_only_after_both_sent(client, setup, people):
    audit, a, b, lead, learner = setup["audit"], setup["a"], setup["b"], setup["lead"], setup["learner"]
    admin_reader = services.add_reader(
        membership=member(lead, setup["org"]), audit_id=audit.pk, user_id=people["org_admin"].pk, background="Police"
    )
    mine = add_file(lead, audit, a, b, "F-01")
    add_file(lead, audit, admin_reader, b, "F-02")
    slug = setup["org"].slug
    client.force_login(learner)
    files = client.get(reverse("api_audit_files", args=[slug, audit.pk])).json()
    assert [f["reference"] for f in files] == ["F-01"] and files[0]["final"] is None
    url = reverse("api_audit_reading", args=[slug, audit.pk, mine.pk])
    body = {"ratings": {k: {"value": "fully", "reason": "Clear."} for k in KEYS}, "send": True}
    sent = client.put(url, body, content_type="application/json").json()
    assert sent["sent_at"] and sent["partner_ratings"] is None and not sent["partner_sent"]
    client.force_login(lead)
    body["ratings"][KEYS[0]]["value"] = "partially"
    assert client.put(url, body, content_type="application/json").json()["partner_ratings"][KEYS[0]]["value"] == "fully"
    client.force_login(learner)
    assert client.get(url).json()["partner_ratings"][KEYS[0]]["value"] == "partially"
    again = client.put(url, body, content_type="application/json")
    assert again.status_code == 409
    agree = reverse("api_audit_agreement", args=[slug, audit.pk, mine.pk, KEYS[0]])
    response = client.put(agree, {"value": "fully", "reason": "Agreed on re-reading."}, content_type="application/json")
    assert response.status_code == 200 and response.json()["value"] == "fully"
    client.force_login(people["other_org"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("api_audit_results", args=[slug, audit.pk])).status_code == 404


def test_api_bad_reference_is_a_400_with_the_field(client, setup):
    client.force_login(setup["lead"])
    url = reverse("api_audit_files", args=[setup["org"].slug, setup["audit"].pk])
    response = client.post(
        url,
        {"reference": "AB123456C", "group": "Trained", "readers": [setup["a"].pk, setup["b"].pk]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "National Insurance" in response.json()["error"]["fields"]["reference"][0]


# ---------------------------------------------------------------- query counts


@pytest.mark.parametrize("name", ["audit_manage", "audit_results", "audit_compare", "audit_my_files"])
def test_pages_stay_within_the_query_budget(client, setup, site_pages, django_assert_max_num_queries, name):
    _complete_audit(setup, n=8, group_split=5, disagree_on=2)
    client.force_login(setup["lead"])
    url = reverse(name, args=[setup["org"].slug, setup["audit"].pk])
    client.get(url)  # site settings made once
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_api_results_stay_within_the_query_budget(client, setup, django_assert_max_num_queries):
    _complete_audit(setup, n=8)
    client.force_login(setup["lead"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("api_audit_results", args=[setup["org"].slug, setup["audit"].pk])).status_code == 200
