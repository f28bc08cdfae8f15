from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from s2t_learn import selectors, services
from s2t_learn.models import Invitation, JoinLink, Membership, Organisation, Role
from s2t_learn.models.organisations import TokenStatus, role_at_least
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "minimum", "allowed"),
    [
        (Role.LEARNER, Role.LEARNER, True),
        (Role.LEARNER, Role.ASSESSMENT_LEAD, False),
        (Role.LEARNER, Role.ORG_ADMIN, False),
        (Role.ASSESSMENT_LEAD, Role.LEARNER, True),
        (Role.ASSESSMENT_LEAD, Role.ASSESSMENT_LEAD, True),
        (Role.ASSESSMENT_LEAD, Role.ORG_ADMIN, False),
        (Role.ORG_ADMIN, Role.LEARNER, True),
        (Role.ORG_ADMIN, Role.ASSESSMENT_LEAD, True),
        (Role.ORG_ADMIN, Role.ORG_ADMIN, True),
    ],
)
def test_roles_nest(role, minimum, allowed):
    assert role_at_least(role, minimum) is allowed


def test_creator_becomes_admin():
    user = UserFactory()
    organisation = services.create_organisation(user, "  Hillside Nursery ")
    assert organisation.name == "Hillside Nursery"
    assert organisation.slug == "hillside-nursery"
    assert organisation.is_approved
    assert Membership.objects.get(user=user, organisation=organisation).role == Role.ORG_ADMIN


def test_slugs_stay_unique():
    user = UserFactory()
    first = services.create_organisation(user, "Hillside")
    second = services.create_organisation(user, "Hillside!")  # a different name, the same slug
    assert first.slug != second.slug


@override_settings(ORGANISATIONS_REQUIRE_APPROVAL=True)
def test_approval_setting_holds_new_organisations():
    organisation = services.create_organisation(UserFactory(), "Pending Service")
    assert not organisation.is_approved
    assert list(selectors.organisations_awaiting_approval()) == [organisation]


def test_blank_organisation_name_is_refused():
    with pytest.raises(ValidationError) as error:
        services.create_organisation(UserFactory(), "   ")
    assert "name" in error.value.message_dict


def test_user_can_belong_to_several_organisations():
    user = UserFactory()
    services.create_organisation(user, "One")
    MembershipFactory(user=user, role=Role.LEARNER)
    assert selectors.memberships_for(user).count() == 2


def test_selectors_hide_other_organisations(people, organisation):
    with pytest.raises(Http404):
        selectors.membership_for(people["other_org"], organisation.slug)
    with pytest.raises(PermissionDenied):
        selectors.organisation_members(membership=membership_for(people["learner"], organisation.slug))
    with pytest.raises(PermissionDenied):
        selectors.organisation_members(membership=membership_for(people["assessment_lead"], organisation.slug))
    assert (
        selectors.organisation_members(membership=membership_for(people["org_admin"], organisation.slug)).count() == 3
    )


def test_team_names_unique_within_organisation(people, organisation):
    admin = people["org_admin"]
    services.create_team("Family support", membership=membership_for(admin, organisation.slug))
    with pytest.raises(ValidationError) as error:
        services.create_team("Family support", membership=membership_for(admin, organisation.slug))
    assert "already has a team" in str(error.value)


def test_team_from_another_organisation_cannot_be_assigned(people, organisation, other_organisation):
    foreign_team = TeamFactory(organisation=other_organisation)
    membership = Membership.objects.get(user=people["learner"], organisation=organisation)
    with pytest.raises(ValidationError):
        services.change_membership(
            membership.pk,
            team_id=foreign_team.pk,
            team_given=True,
            membership=membership_for(people["org_admin"], organisation.slug),
        )


def test_last_admin_cannot_step_down_or_leave(people, organisation):
    admin = people["org_admin"]
    own = Membership.objects.get(user=admin, organisation=organisation)
    with pytest.raises(ValidationError):
        services.change_membership(own.pk, role=Role.LEARNER, membership=membership_for(admin, organisation.slug))
    with pytest.raises(ValidationError):
        services.leave_organisation(membership=membership_for(admin, organisation.slug))
    # With a second admin, stepping down is fine.
    lead = Membership.objects.get(user=people["assessment_lead"], organisation=organisation)
    services.change_membership(lead.pk, role=Role.ORG_ADMIN, membership=membership_for(admin, organisation.slug))
    services.change_membership(own.pk, role=Role.LEARNER, membership=membership_for(admin, organisation.slug))
    assert Membership.objects.get(pk=own.pk).role == Role.LEARNER


def test_leaving_removes_access_but_keeps_the_user(people, organisation):
    learner = people["learner"]
    services.leave_organisation(membership=membership_for(learner, organisation.slug))
    assert not Membership.objects.filter(user=learner, organisation=organisation).exists()
    learner.refresh_from_db()
    assert learner.is_active
    with pytest.raises(Http404):
        selectors.membership_for(learner, organisation.slug)


def test_invitation_email_is_neutral_and_token_is_stored_hashed(
    people, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.create_invitation(
            "New.Person@Example.org", membership=membership_for(people["org_admin"], organisation.slug)
        )
    invitation.refresh_from_db()
    assert invitation.email == "new.person@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Your invitation to S2T Learn"
    for word in ("abuse", "violence", "safe & together", "domestic"):
        assert word not in message.subject.lower()
    token = message.body.split("/invitations/")[1].split("/")[0]
    assert token not in invitation.token_hash
    assert services.invitation_from_token(token) == invitation


def test_invitation_task_is_idempotent(people, organisation, django_capture_on_commit_callbacks):
    from s2t_learn.tasks import send_invitation_email

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.create_invitation(
            "once@example.org", membership=membership_for(people["org_admin"], organisation.slug)
        )
    assert send_invitation_email(invitation.pk) is False
    assert len(mail.outbox) == 1


def _issued(invitation):
    return services.issue_invitation_token(Invitation.objects.get(pk=invitation.pk))


def test_accepting_an_invitation_adds_the_member_once(people, organisation):
    invitation = services.create_invitation(
        "joiner@example.org", Role.ASSESSMENT_LEAD, membership=membership_for(people["org_admin"], organisation.slug)
    )
    token = _issued(invitation)
    joiner = UserFactory(email="joiner@example.org")
    membership = services.accept_invitation(joiner, token)
    assert membership.role == Role.ASSESSMENT_LEAD
    with pytest.raises(services.TokenProblem) as problem:
        services.accept_invitation(joiner, token)
    assert problem.value.status == TokenStatus.USED


@pytest.mark.parametrize("state", ["expired", "revoked", "invalid"])
def test_unusable_invitations_say_why(people, organisation, state):
    invitation = services.create_invitation(
        "late@example.org", membership=membership_for(people["org_admin"], organisation.slug)
    )
    token = _issued(invitation)
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif state == "revoked":
        services.revoke_invitation(invitation.pk, membership=membership_for(people["org_admin"], organisation.slug))
    else:
        token = "not-a-real-token"
    with pytest.raises(services.TokenProblem) as problem:
        services.accept_invitation(UserFactory(), token)
    assert problem.value.status == state


def test_inviting_an_existing_member_is_refused(people, organisation):
    with pytest.raises(ValidationError) as error:
        services.create_invitation(
            people["learner"].email, membership=membership_for(people["org_admin"], organisation.slug)
        )
    assert "already a member" in str(error.value)


def test_invalid_invitation_email_is_refused(people, organisation):
    with pytest.raises(ValidationError) as error:
        services.create_invitation("not-an-email", membership=membership_for(people["org_admin"], organisation.slug))
    assert "email" in error.value.message_dict


@pytest.mark.parametrize(
    ("email", "role", "problems"),
    [
        ("not-an-email", Role.LEARNER, {"email": "like name@example.org"}),
        ("", Role.LEARNER, {"email": "like name@example.org"}),
        ("a" * 250 + "@example.org", Role.LEARNER, {"email": "254 characters or fewer"}),
        ("new.colleague@example.org", "owner", {"role": "Choose a role"}),
        ("not-an-email", "owner", {"email": "like name@example.org", "role": "Choose a role"}),
    ],
)
def test_an_invitation_is_checked_by_the_models_rules_every_problem_at_once(
    people, organisation, email, role, problems
):
    membership = membership_for(people["org_admin"], organisation.slug)
    with pytest.raises(ValidationError) as error:
        services.create_invitation(email, role, membership=membership)
    found = error.value.message_dict
    assert set(found) == set(problems)
    for field, words in problems.items():
        assert words in found[field][0]
    assert not Invitation.objects.filter(organisation=organisation).exists()


def test_join_link_is_reusable_until_revoked(people, organisation):
    link = services.create_join_link(
        Role.LEARNER, valid_days=7, membership=membership_for(people["org_admin"], organisation.slug)
    )
    first, second = UserFactory(), UserFactory()
    services.use_join_link(first, link.token)
    services.use_join_link(second, link.token)
    assert JoinLink.objects.get(pk=link.pk).use_count == 2
    services.revoke_join_link(link.pk, membership=membership_for(people["org_admin"], organisation.slug))
    with pytest.raises(services.TokenProblem) as problem:
        services.use_join_link(UserFactory(), link.token)
    assert problem.value.status == TokenStatus.REVOKED


def test_expired_join_link(people, organisation):
    link = services.create_join_link(membership=membership_for(people["org_admin"], organisation.slug))
    JoinLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.TokenProblem) as problem:
        services.use_join_link(UserFactory(), link.token)
    assert problem.value.status == TokenStatus.EXPIRED


def test_join_link_cannot_make_admins_or_last_forever(people, organisation):
    admin = people["org_admin"]
    with pytest.raises(ValidationError):
        services.create_join_link(Role.ORG_ADMIN, membership=membership_for(admin, organisation.slug))
    with pytest.raises(ValidationError):
        services.create_join_link(Role.LEARNER, valid_days=400, membership=membership_for(admin, organisation.slug))
    with pytest.raises(ValidationError):
        services.create_join_link(Role.LEARNER, valid_days="soon", membership=membership_for(admin, organisation.slug))


def test_joining_never_lowers_an_existing_role(people, organisation):
    link = services.create_join_link(Role.LEARNER, membership=membership_for(people["org_admin"], organisation.slug))
    membership = services.use_join_link(people["assessment_lead"], link.token)
    assert membership.role == Role.ASSESSMENT_LEAD


def test_members_of_other_organisations_cannot_manage_this_one(people, organisation):
    outsider = people["other_org"]
    for action in (
        lambda: services.create_team("Sneaky", membership=membership_for(outsider, organisation.slug)),
        lambda: services.create_invitation("x@example.org", membership=membership_for(outsider, organisation.slug)),
        lambda: services.create_join_link(membership=membership_for(outsider, organisation.slug)),
    ):
        with pytest.raises(Http404):
            action()
    assert Organisation.objects.get(pk=organisation.pk).teams.count() == 0


def test_site_admin_approves_organisations_in_the_django_admin(client, people):
    from django.test import override_settings

    with override_settings(ORGANISATIONS_REQUIRE_APPROVAL=True):
        pending = services.create_organisation(people["learner"], "Awaiting Service")
    client.force_login(people["superuser"])
    listing = client.get("/django-admin/s2t_learn/organisation/?is_approved__exact=0").content.decode()
    assert "Awaiting Service" in listing
    client.post("/django-admin/s2t_learn/organisation/", {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.is_approved


def test_teams_come_with_member_counts_unless_only_their_names_are_needed(people, organisation):
    membership = membership_for(people["org_admin"], organisation.slug)
    team = TeamFactory(organisation=organisation, name="Early years")
    MembershipFactory.create_batch(3, organisation=organisation, team=team)
    counted = {t.name: t.member_count for t in selectors.organisation_teams(membership=membership)}
    assert counted["Early years"] == 3
    names = selectors.organisation_teams(membership=membership, with_counts=False)
    assert "member_count" not in str(names.query)
    assert [t.name for t in names] == sorted(counted)
