"""Two-step sign-in (issue 16, ASVS level 2): allauth.mfa with an authenticator app and recovery codes,
required of an organisation's admins when it says so, and of the site's staff when the site settings say so."""

import itertools
import logging
import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from s2t_learn import mfa, services
from s2t_learn.mfa import MfaFacts, MfaSetupRequired, membership_requires_mfa, mfa_required, mfa_required_by
from s2t_learn.models import ApiToken, Role, SiteSettings
from s2t_learn.privacy import personal_data
from s2t_learn.selectors import membership_for
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- helpers


def code_now(secret, steps_ahead=0):
    """The code an authenticator app shows now, from allauth's own TOTP helpers."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD + steps_ahead))


def a_wrong_code(secret):
    """A well-formed code that no step inside the tolerance accepts."""
    accepted = {code_now(secret, step) for step in (-2, -1, 0, 1, 2)}
    return next(code for code in (code_now(secret, n) for n in range(10, 100)) if code not in accepted)


def set_up_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


def start_sign_in(email, address="203.0.113.10"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    return client, response


def signed_in(client):
    return "_auth_user_id" in client.session


def require_for_admins(organisation, on=True):
    organisation.require_mfa_for_admins = on
    organisation.save()


def require_for_staff(site_pages, on=True):
    from wagtail.models import Site

    site_settings = SiteSettings.for_site(Site.objects.get(root_page=site_pages))
    site_settings.require_mfa_for_staff = on
    site_settings.save()


# ---------------------------------------------------------------- the rule, exhaustively

FACT_NAMES = [
    "is_superuser",
    "is_staff",
    "can_use_wagtail_admin",
    "admin_of_organisation_requiring_mfa",
    "site_requires_mfa_for_staff",
]


@pytest.mark.parametrize("values", list(itertools.product([False, True], repeat=len(FACT_NAMES))))
def test_the_rule_for_every_combination_of_facts(values):
    facts = MfaFacts(**dict(zip(FACT_NAMES, values, strict=True)))
    superuser, staff, editor, org_admin_required, site_on = values
    # Written out from the issue: an organisation's requirement binds its admins; the site's binds
    # editors and moderators (Wagtail admin users), staff and superusers, and nobody else.
    expected = org_admin_required or (site_on and (superuser or staff or editor))
    assert mfa_required_by(facts) is expected
    # The admin paths look only at the site's rule: an organisation's flag never gates them.
    assert mfa.staff_required_by(facts) is (site_on and (superuser or staff or editor))


def test_named_cases_of_the_rule():
    assert not mfa_required_by(MfaFacts())  # a learner
    assert not mfa_required_by(MfaFacts(can_use_wagtail_admin=True))  # an editor, site setting off
    assert mfa_required_by(MfaFacts(can_use_wagtail_admin=True, site_requires_mfa_for_staff=True))
    assert mfa_required_by(MfaFacts(is_superuser=True, site_requires_mfa_for_staff=True))
    assert not mfa_required_by(MfaFacts(site_requires_mfa_for_staff=True))  # a learner, site setting on
    assert mfa_required_by(MfaFacts(admin_of_organisation_requiring_mfa=True))


@pytest.mark.parametrize(
    ("role", "minimum_role", "organisation_requires"),
    list(itertools.product(list(Role), list(Role), [False, True])),
)
def test_which_organisation_pages_need_it(role, minimum_role, organisation_requires):
    expected = organisation_requires and role == Role.ORG_ADMIN and minimum_role != Role.LEARNER
    assert (
        membership_requires_mfa(role=role, minimum_role=minimum_role, organisation_requires=organisation_requires)
        is expected
    )


def test_mfa_required_reads_the_facts_from_the_database(people, organisation, other_organisation, site_pages):
    assert not any(mfa_required(person) for person in people.values())
    require_for_admins(organisation)
    assert mfa_required(people["org_admin"])
    assert not mfa_required(people["assessment_lead"]) and not mfa_required(people["learner"])
    assert not mfa_required(people["other_org"])  # an admin of an organisation that does not ask
    require_for_staff(site_pages)
    assert mfa_required(people["editor"]) and mfa_required(people["superuser"])
    assert not mfa_required(people["learner"])
    from django.contrib.auth.models import AnonymousUser

    assert not mfa_required(AnonymousUser())


# ---------------------------------------------------------------- signing in


def test_setting_it_up_on_the_pages_then_signing_in_needs_the_code(people, site_pages):
    user = people["learner"]
    client, _ = start_sign_in(user.email)
    assert signed_in(client)
    # Changing how one signs in asks for the password again first.
    confirm = client.get(reverse("mfa_activate_totp"))
    assert confirm.status_code == 302 and confirm["Location"].startswith(reverse("account_reauthenticate"))
    confirmed = client.post(confirm["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    secret = re.search(r"data-totp-secret>([A-Z2-7]+)</textarea>", html).group(1)
    assert 'id="exit-this-page"' in html and "QR code" in html

    wrong = client.post(reverse("mfa_activate_totp"), {"code": a_wrong_code(secret)})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    done = client.post(reverse("mfa_activate_totp"), {"code": code_now(secret)})
    assert done.status_code == 302 and done["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert len(re.findall(r"data-recovery-code>\d{8}<", codes_page)) == 10

    client.post(reverse("account_logout"))
    client, response = start_sign_in(user.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)  # the password alone is not enough
    assert client.get(reverse("my_learning")).status_code == 302
    finished = client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    assert finished.status_code == 302 and signed_in(client)


def test_a_wrong_code_is_refused_with_a_clear_message(people, site_pages):
    user = people["learner"]
    secret, _ = set_up_totp(user)
    client, _ = start_sign_in(user.email)
    refused = client.post(reverse("mfa_authenticate"), {"code": a_wrong_code(secret)})
    html = refused.content.decode()
    assert refused.status_code == 200 and not signed_in(client)
    assert "That code is not right" in html and "There is a problem" in html
    assert 'id="exit-this-page"' in html
    client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    assert signed_in(client)


def test_a_recovery_code_works_once(people, site_pages):
    user = people["learner"]
    _, codes = set_up_totp(user)
    client, _ = start_sign_in(user.email)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert signed_in(client)

    again, _ = start_sign_in(user.email, address="198.51.100.20")
    refused = again.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert not signed_in(again) and "That code is not right" in refused.content.decode()
    again.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert signed_in(again)


def test_a_totp_code_is_not_accepted_twice(people, site_pages):
    user = people["learner"]
    secret, _ = set_up_totp(user)
    code = code_now(secret)
    first, _ = start_sign_in(user.email)
    first.post(reverse("mfa_authenticate"), {"code": code})
    assert signed_in(first)
    second, _ = start_sign_in(user.email, address="198.51.100.20")
    second.post(reverse("mfa_authenticate"), {"code": code})
    assert not signed_in(second)  # someone who watched the code being typed cannot reuse it


def test_wrong_codes_are_limited_per_account_from_any_address(people, site_pages, settings):
    user = people["learner"]
    secret, codes = set_up_totp(user)
    for attempt in range(settings.MFA_CODE_FAILURE_LIMIT):
        client, _ = start_sign_in(user.email, address=f"192.0.2.{attempt + 1}")
        client.post(reverse("mfa_authenticate"), {"code": a_wrong_code(secret)})
        assert not signed_in(client)
    client, _ = start_sign_in(user.email, address="198.51.100.99")
    paused = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert not signed_in(client) and "Too many wrong codes" in paused.content.decode()
    # Another account is not affected.
    other = people["assessment_lead"]
    other_secret, _ = set_up_totp(other)
    client, _ = start_sign_in(other.email, address="198.51.100.99")
    client.post(reverse("mfa_authenticate"), {"code": code_now(other_secret)})
    assert signed_in(client)


def test_the_admin_sign_in_pages_send_people_to_the_one_that_asks_for_the_code(client, people, site_pages):
    for path, target in (("/admin/login/", "/admin/"), ("/django-admin/login/", "/django-admin/")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login")) and target.strip("/") in response["Location"]
        posted = client.post(path, {"username": people["superuser"].email, "password": PASSWORD})
        assert posted.status_code == 302 and not signed_in(client)
    # A next address elsewhere is not followed.
    response = client.get("/admin/login/?next=https://example.com/")
    assert "example.com" not in response["Location"]
    # Wagtail sends the signed-out to the site's sign-in page, which asks for the code.
    assert client.get("/admin/")["Location"].startswith(reverse("account_login"))


# ---------------------------------------------------------------- required of an organisation's admins


def test_a_required_org_admin_without_it_is_sent_to_set_it_up(client, people, organisation, site_pages):
    require_for_admins(organisation)
    admin = people["org_admin"]
    client.force_login(admin)
    for name in ("organisation_members", "organisation_teams", "organisation_invitations", "round_list"):
        response = client.get(reverse(name, args=[organisation.slug]))
        assert response.status_code == 302 and response["Location"] == reverse("mfa_index"), name
    setup = client.get(reverse("mfa_index"))
    html = setup.content.decode()
    assert setup.status_code == 200 and "Northtown Service asks its admins to use two-step sign-in" in html
    assert 'id="exit-this-page"' in html and "Set up two-step sign-in" in html
    # Everything else stays open: their own learning, the organisation's page, safety, sign-out.
    for path in (
        reverse("organisation_detail", args=[organisation.slug]),
        reverse("my_learning"),
        reverse("profile"),
        "/using-this-site-safely/",
        reverse("account_reauthenticate"),
    ):
        assert client.get(path).status_code == 200, path
    # The setup page itself asks for the password first, like every change to how one signs in.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    # A form post is refused the same way, and changes nothing.
    response = client.post(reverse("organisation_teams", args=[organisation.slug]), {"name": "New team"})
    assert response.status_code == 302 and not organisation.teams.filter(name="New team").exists()
    assert client.post(reverse("account_logout")).status_code == 302 and not signed_in(client)


def test_once_set_up_the_required_admin_gets_in(client, people, organisation, site_pages):
    require_for_admins(organisation)
    set_up_totp(people["org_admin"])
    client.force_login(people["org_admin"])
    assert client.get(reverse("organisation_members", args=[organisation.slug])).status_code == 200


def test_a_required_admin_cannot_turn_it_off_and_others_can(people, organisation, site_pages):
    require_for_admins(organisation)
    for person, allowed in ((people["org_admin"], False), (people["learner"], True)):
        secret, _ = set_up_totp(person)
        client, _ = start_sign_in(person.email)
        client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
        assert signed_in(client)
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        page = client.get(reverse("mfa_deactivate_totp"))
        assert page.status_code == 200
        posted = client.post(reverse("mfa_deactivate_totp"))
        still_on = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
        if allowed:
            assert posted.status_code == 302 and not still_on
        else:
            assert "requires it for your role" in page.content.decode() and still_on


def test_not_required_people_are_not_redirected(client, people, organisation, site_pages):
    # The organisation asks nothing: its admin gets in without two-step sign-in.
    client.force_login(people["org_admin"])
    assert client.get(reverse("organisation_members", args=[organisation.slug])).status_code == 200
    # It asks of admins only: a learner and a lead are not sent anywhere.
    require_for_admins(organisation)
    client.force_login(people["learner"])
    for path in (reverse("organisation_detail", args=[organisation.slug]), reverse("my_learning"), reverse("profile")):
        assert client.get(path).status_code == 200, path
    client.force_login(people["assessment_lead"])
    assert client.get(reverse("round_list", args=[organisation.slug])).status_code == 200
    # An admin of another organisation that does not ask is not affected.
    client.force_login(people["other_org"])
    other_slug = people["other_org"].memberships.get().organisation.slug
    assert client.get(reverse("organisation_members", args=[other_slug])).status_code == 200


def test_an_admin_turns_it_on_for_the_organisation_after_setting_it_up_for_herself(
    client, people, organisation, site_pages
):
    admin = people["org_admin"]
    client.force_login(admin)
    url = reverse("organisation_settings", args=[organisation.slug])
    page = client.get(url)
    assert page.status_code == 200 and 'name="require_mfa_for_admins"' in page.content.decode()
    refused = client.post(url, {"require_mfa_for_admins": "on"})
    assert refused.status_code == 200 and "Set up two-step sign-in for yourself first" in refused.content.decode()
    organisation.refresh_from_db()
    assert not organisation.require_mfa_for_admins

    set_up_totp(admin)
    assert client.post(url, {"require_mfa_for_admins": "on"}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.require_mfa_for_admins
    # Another admin without it is now sent to set it up, from this page too.
    other_admin = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN).user
    client.force_login(other_admin)
    assert client.get(url)["Location"] == reverse("mfa_index")
    # Turning it off again is one unticked box.
    client.force_login(admin)
    assert client.post(url, {}).status_code == 302
    organisation.refresh_from_db()
    assert not organisation.require_mfa_for_admins


def test_only_the_organisation_s_admins_change_the_setting(people, organisation):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    set_up_totp(people["assessment_lead"])
    with pytest.raises(PermissionDenied):
        services.update_organisation_settings(
            require_mfa_for_admins=True, membership=membership_for(people["assessment_lead"], organisation.slug)
        )
    set_up_totp(people["other_org"])
    with pytest.raises(Http404):
        services.update_organisation_settings(
            require_mfa_for_admins=True, membership=membership_for(people["other_org"], organisation.slug)
        )
    organisation.refresh_from_db()
    assert not organisation.require_mfa_for_admins


def test_the_settings_page_query_count_is_within_budget(
    client, people, organisation, site_pages, django_assert_max_num_queries
):
    set_up_totp(people["org_admin"])
    client.force_login(people["org_admin"])
    url = reverse("organisation_settings", args=[organisation.slug])
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    require_for_admins(organisation)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_requirement_is_editable_in_the_django_admin(client, people, organisation, site_pages):
    client.force_login(people["superuser"])
    page = client.get(reverse("admin:s2t_learn_organisation_change", args=[organisation.pk]))
    assert page.status_code == 200 and 'name="require_mfa_for_admins"' in page.content.decode()


def test_the_api_answers_a_clear_403_for_an_admin_who_must_set_it_up(people, organisation, site_pages):
    require_for_admins(organisation)
    api = APIClient()
    api.force_authenticate(people["org_admin"])
    response = api.get(reverse("api_members", args=[organisation.slug]))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"
    assert "two-step sign-in" in response.json()["error"]["message"]


# ---------------------------------------------------------------- required of the site's staff


def test_an_editor_must_set_it_up_when_the_site_setting_is_on(client, people, site_pages):
    editor = people["editor"]
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200  # the setting is off
    require_for_staff(site_pages)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")
    html = client.get(reverse("mfa_index")).content.decode()
    assert "asks its editors, moderators and administrators to use two-step sign-in" in html
    assert client.get(reverse("my_learning")).status_code == 200  # their own learning is open
    assert client.post("/admin/logout/").status_code == 302 and not signed_in(client)  # sign-out stays open
    client.force_login(editor)
    set_up_totp(editor)
    assert client.get("/admin/").status_code == 200


def test_only_a_superuser_can_change_the_site_setting(client, people, site_pages):
    from wagtail.models import Site

    site = Site.objects.get(root_page=site_pages)
    url = reverse("wagtailsettings:edit", args=["s2t_learn", "sitesettings", site.pk])
    client.force_login(people["editor"])
    page = client.get(url)
    assert page.status_code == 200 and 'name="require_mfa_for_staff"' not in page.content.decode()
    client.force_login(people["superuser"])
    page = client.get(url)
    assert page.status_code == 200 and 'name="require_mfa_for_staff"' in page.content.decode()


def test_a_superuser_must_set_it_up_for_both_admins(client, people, site_pages):
    require_for_staff(site_pages)
    client.force_login(people["superuser"])
    for path in ("/admin/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_index"), path
    set_up_totp(people["superuser"])
    assert client.get("/django-admin/").status_code == 200


def test_a_learner_at_the_admin_is_not_sent_to_set_it_up(client, people, site_pages):
    require_for_staff(site_pages)
    client.force_login(people["learner"])
    response = client.get("/admin/")
    assert response.get("Location") != reverse("mfa_index")


# ---------------------------------------------------------------- API tokens


def test_a_required_person_without_it_creates_no_api_token(client, people, organisation, site_pages):
    require_for_admins(organisation)
    admin = people["org_admin"]
    client.force_login(admin)
    response = client.post(reverse("profile_token_create"), {"name": "script", "scope": "read", "valid_days": "30"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "set up two-step sign-in before you can create an API token" in html
    assert 'id="exit-this-page"' in html and not ApiToken.objects.filter(user=admin).exists()
    with pytest.raises(MfaSetupRequired):
        services.create_api_token(admin, "script", "read")

    set_up_totp(admin)
    response = client.post(reverse("profile_token_create"), {"name": "script", "scope": "read", "valid_days": "30"})
    assert response.status_code == 200 and ApiToken.objects.filter(user=admin).count() == 1


def test_a_person_not_required_creates_tokens_as_before(client, people, organisation, site_pages):
    require_for_admins(organisation)
    client.force_login(people["learner"])
    response = client.post(reverse("profile_token_create"), {"name": "script", "scope": "read", "valid_days": "30"})
    assert response.status_code == 200 and ApiToken.objects.filter(user=people["learner"]).count() == 1


# ---------------------------------------------------------------- privacy and cost


def test_the_data_download_says_it_is_set_up_but_holds_no_secret(people, site_pages):
    user = people["learner"]
    secret, codes = set_up_totp(user)
    document = personal_data(user)
    rows = document["mfa.authenticator"]
    assert {row["type"] for row in rows} == {"totp", "recovery_codes"}
    text = str(document)
    assert secret not in text and not any(code in text for code in codes)
    assert all("data" not in row for row in rows)


def test_the_app_key_and_recovery_seed_are_stored_encrypted(people, site_pages, settings, caplog):
    user = people["learner"]
    secret, codes = set_up_totp(user)
    stored = str(list(Authenticator.objects.filter(user=user).values_list("data", flat=True)))
    assert secret not in stored and "fernet:" in stored
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap()
    assert totp.validate_code(code_now(secret))

    # After a key change with the old key kept as a fallback, codes still work.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only"
    assert Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap().validate_code(code_now(secret, 1))
    # Without it, a code is refused (no 500), and the log says why without any secret in it.
    settings.SECRET_KEY_FALLBACKS = []
    logger = logging.getLogger("s2t_learn.mfa")  # the s2t_learn loggers do not propagate to the root
    logger.addHandler(caplog.handler)
    try:
        client, _ = start_sign_in(user.email)
        response = client.post(reverse("mfa_authenticate"), {"code": code_now(secret, -1)})
        assert response.status_code == 200 and not signed_in(client)
        # It fails closed: neither the codes of an empty key nor the old recovery codes get in.
        for guess in (code_now("", 0), codes[0]):
            client.post(reverse("mfa_authenticate"), {"code": guess})
            assert not signed_in(client), guess
    finally:
        logger.removeHandler(caplog.handler)
    assert "SECRET_KEY_FALLBACKS" in caplog.text and secret not in caplog.text


def _authenticator_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return [q["sql"] for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]


def test_people_who_are_not_required_cost_no_query(client, people, organisation, site_pages):
    """Ordinary signed-in pages, and admin pages of an organisation that asks nothing, never look
    for an authenticator, whatever the site setting says."""
    require_for_staff(site_pages)
    client.force_login(people["org_admin"])
    for path in (reverse("my_learning"), reverse("profile"), reverse("organisation_members", args=[organisation.slug])):
        client.get(path)  # warm the caches
        assert _authenticator_queries(client, path) == [], path
    client.force_login(people["editor"])
    assert _authenticator_queries(client, reverse("my_learning")) == []


def test_a_required_admin_costs_one_query_per_page(client, people, organisation, site_pages):
    require_for_admins(organisation)
    set_up_totp(people["org_admin"])
    client.force_login(people["org_admin"])
    url = reverse("organisation_members", args=[organisation.slug])
    client.get(url)
    assert len(_authenticator_queries(client, url)) == 1  # remembered for the rest of the request


def test_an_admin_made_a_learner_is_no_longer_required(people, organisation):
    require_for_admins(organisation)
    member = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN)
    assert mfa_required(member.user)
    member.role = Role.LEARNER
    member.save()
    assert not mfa_required(member.user)
