"""Case-file audits behind the organisation boundary (issue 14): the selectors and services take the
caller's checked membership. A membership below the role they need is refused (403), and a membership of
another organisation never reaches this organisation's audit (404, as if it did not exist)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from quizzes.audit import selectors, selectors_api, services
from quizzes.models import Audit, AuditFile, ReportJob
from s2t_learn.errors import NotFound
from s2t_learn.models import Role

from .audit_helpers import add_file, make_audit, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(people, organisation, other_organisation):
    lead, learner = people["assessment_lead"], people["learner"]
    audit, a, b = make_audit(lead, organisation, learner, lead)
    file = add_file(lead, audit, a, b, "F-01")
    return {
        "audit": audit,
        "file": file,
        "lead": member(lead, organisation),
        "learner": member(learner, organisation),
        # An admin of another organisation: a high role, but not here.
        "outsider": member(people["other_org"], other_organisation),
    }


# ---------------------------------------------------------------- below the role: 403


def test_a_learners_membership_cannot_read_what_a_lead_reads(setup):
    audit_id = setup["audit"].pk
    with pytest.raises(PermissionDenied):
        selectors.audits_for_lead(membership=setup["learner"])
    with pytest.raises(PermissionDenied):
        selectors.audit_for_lead(membership=setup["learner"], audit_id=audit_id)


def test_a_learners_membership_cannot_set_up_or_change_an_audit(setup, people):
    learner, audit_id = setup["learner"], setup["audit"].pk
    with pytest.raises(PermissionDenied):
        services.create_audit(membership=learner, data={"title": "Mine", "groups": ["All"]})
    with pytest.raises(PermissionDenied):
        services.add_reader(
            membership=learner, audit_id=audit_id, user_id=people["org_admin"].pk, background="Social work"
        )
    with pytest.raises(PermissionDenied):
        services.remove_file(membership=learner, audit_id=audit_id, file_id=setup["file"].pk)
    with pytest.raises(PermissionDenied):
        services.request_report(membership=learner, audit_id=audit_id, kind=ReportJob.Kind.AUDIT_CSV)
    assert Audit.objects.count() == 1
    assert AuditFile.objects.filter(pk=setup["file"].pk).exists()
    assert not ReportJob.objects.exists()


def test_a_reader_sees_only_their_own_files_through_their_membership(setup):
    # The learner reads F-01; a second file read by others stays out of their sight.
    audit, is_lead = selectors.audit_for_member(membership=setup["learner"], audit_id=setup["audit"].pk)
    assert audit.pk == setup["audit"].pk and not is_lead
    summaries = selectors_api.file_summaries_for(membership=setup["learner"], audit_id=audit.pk)
    assert [s["reference"] for s in summaries] == ["F-01"] and summaries[0]["final"] is None


def test_the_api_refuses_a_learner_setting_up_an_audit_before_reading_the_body(client, people, setup):
    client.force_login(people["learner"])
    url = reverse("api_audits", args=[setup["audit"].organisation.slug])
    assert client.post(url, {}, content_type="application/json").status_code == 403


# ---------------------------------------------------------------- another organisation: 404


def test_another_organisations_membership_does_not_find_the_audit(setup):
    outsider, audit_id, file_id = setup["outsider"], setup["audit"].pk, setup["file"].pk
    assert outsider.has_role(Role.ASSESSMENT_LEAD)  # the role is enough; the organisation is not theirs
    assert list(selectors.audits_for_lead(membership=outsider)) == []
    assert selectors.audit_list_for(membership=outsider) == []
    with pytest.raises(NotFound):
        selectors.audit_for_lead(membership=outsider, audit_id=audit_id)
    with pytest.raises(NotFound):
        selectors.audit_for_member(membership=outsider, audit_id=audit_id)
    with pytest.raises(NotFound):
        selectors_api.file_summaries_for(membership=outsider, audit_id=audit_id)
    with pytest.raises(NotFound):
        selectors.reading_for(membership=outsider, audit_id=audit_id, file_id=file_id)


def test_another_organisations_membership_cannot_change_the_audit(setup):
    outsider, audit_id, file_id = setup["outsider"], setup["audit"].pk, setup["file"].pk
    with pytest.raises(NotFound):
        services.remove_file(membership=outsider, audit_id=audit_id, file_id=file_id)
    with pytest.raises(NotFound):
        services.add_file(membership=outsider, audit_id=audit_id, reference="F-02", group="Trained", reader_ids=[1, 2])
    with pytest.raises(NotFound):
        services.agree_rating(
            membership=outsider,
            audit_id=audit_id,
            file_id=file_id,
            measure_key="child-plan",
            value="fully",
            reason="Seen in the plan.",
        )
    with pytest.raises(NotFound):
        services.request_report(membership=outsider, audit_id=audit_id, kind=ReportJob.Kind.AUDIT_CSV)
    assert AuditFile.objects.filter(audit_id=audit_id).count() == 1
    assert not ReportJob.objects.exists()
