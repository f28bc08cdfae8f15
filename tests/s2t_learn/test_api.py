from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from s2t_learn.models import ApiToken, Membership, Role, Team, TokenScope

pytestmark = pytest.mark.django_db
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "s2t_learn" / "api" / "openapi.yaml"


@pytest.fixture
def api():
    return APIClient()


def token_client(user, scope):
    _instance, token = ApiToken.objects.create(user=user, name="test", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


DATABASE_INTEGER_LIMITS = {2147483647, 9223372036854775807, -2147483648, -9223372036854775808}


def without_database_limits(node):
    """Integer bounds come from the database backend (int32 on PostgreSQL, int64 on SQLite)."""
    if isinstance(node, dict):
        bounded = node.get("maximum") in DATABASE_INTEGER_LIMITS or node.get("minimum") in DATABASE_INTEGER_LIMITS
        return {
            key: without_database_limits(value)
            for key, value in node.items()
            if not (
                bounded and (key in ("maximum", "format") or (key == "minimum" and value in DATABASE_INTEGER_LIMITS))
            )
        }
    if isinstance(node, list):
        return [without_database_limits(item) for item in node]
    return node


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated))
    assert without_database_limits(yaml.safe_load(generated.read_text())) == without_database_limits(
        yaml.safe_load(SCHEMA_FILE.read_text())
    ), "The API changed: run `make schema` and commit s2t_learn/api/openapi.yaml"


def test_schema_documents_error_responses_and_only_public_paths():
    schema = yaml.safe_load(SCHEMA_FILE.read_text())
    assert all(path.startswith("/api/") for path in schema["paths"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            public = not operation.get("security")  # drf-spectacular omits security for public operations
            assert ({"429"} if public else {"401", "429"}) <= codes, (path, method, codes)
            if "{slug}" in path:
                assert "404" in codes, (path, method)


def test_me_and_update(api, people):
    api.force_authenticate(people["learner"])
    response = api.get(reverse("api_me"))
    assert response.json()["email"] == people["learner"].email
    response = api.patch(reverse("api_me"), {"sector": "early_years", "full_name": "Renamed"}, format="json")
    assert response.status_code == 200
    assert response.json()["sector"] == "early_years"


def test_error_body_is_consistent(api, people, organisation):
    # 401
    body = api.get(reverse("api_me")).json()
    assert body["error"]["status"] == 401 and body["error"]["code"] == "not_authenticated"
    # 400 with fields
    api.force_authenticate(people["learner"])
    body = api.patch(reverse("api_me"), {"sector": "astronaut"}, format="json").json()
    assert body["error"]["status"] == 400 and "sector" in body["error"]["fields"]
    # 403
    body = api.get(reverse("api_members", args=[organisation.slug])).json()
    assert body["error"] == {"status": 403, "code": "permission_denied", "message": body["error"]["message"]}
    # 404 for another organisation
    api.force_authenticate(people["other_org"])
    body = api.get(reverse("api_organisation", args=[organisation.slug])).json()
    assert body["error"]["status"] == 404 and body["error"]["code"] == "not_found"


def test_service_validation_errors_become_400_with_fields(api, people, organisation):
    api.force_authenticate(people["org_admin"])
    own = Membership.objects.get(user=people["org_admin"], organisation=organisation)
    response = api.patch(reverse("api_member", args=[organisation.slug, own.pk]), {"role": "learner"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()["error"]["fields"]


def test_admin_manages_teams_and_invitations(api, people, organisation):
    api.force_authenticate(people["org_admin"])
    response = api.post(reverse("api_teams", args=[organisation.slug]), {"name": "Early years"}, format="json")
    assert response.status_code == 201
    team_id = response.json()["id"]
    response = api.post(
        reverse("api_invitations", args=[organisation.slug]),
        {"email": "colleague@example.org", "role": "assessment_lead", "team": team_id},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "valid"
    invitations = api.get(reverse("api_invitations", args=[organisation.slug])).json()
    assert invitations["count"] == 1
    revoked = api.delete(reverse("api_invitation", args=[organisation.slug, response.json()["id"]]))
    assert revoked.json()["status"] == "revoked"


def test_create_organisation_via_api(api, people):
    api.force_authenticate(people["learner"])
    response = api.post(reverse("api_organisations"), {"name": "Riverside Primary"}, format="json")
    assert response.status_code == 201
    listing = api.get(reverse("api_organisations")).json()
    assert {"Riverside Primary", "Northtown Service"} == {row["name"] for row in listing["results"]}
    assert {row["role"] for row in listing["results"] if row["name"] == "Riverside Primary"} == {Role.ORG_ADMIN}


def test_pagination(api, people, organisation):
    for n in range(3):
        Team.objects.create(organisation=organisation, name=f"Team {n}")
    api.force_authenticate(people["org_admin"])
    body = api.get(reverse("api_teams", args=[organisation.slug]), {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


def test_read_only_token_may_read_but_not_write(people, organisation):
    client = token_client(people["org_admin"], TokenScope.READ)
    assert client.get(reverse("api_teams", args=[organisation.slug])).status_code == 200
    response = client.post(reverse("api_teams", args=[organisation.slug]), {"name": "Nope"}, format="json")
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
    assert not Team.objects.filter(name="Nope").exists()


def test_read_write_token_may_write(people, organisation):
    client = token_client(people["org_admin"], TokenScope.READ_WRITE)
    response = client.post(reverse("api_teams", args=[organisation.slug]), {"name": "Yes"}, format="json")
    assert response.status_code == 201


def test_tokens_are_stored_hashed(people):
    instance, token = ApiToken.objects.create(user=people["learner"], name="t", scope=TokenScope.READ)
    stored = ApiToken.objects.get(pk=instance.pk)
    assert token not in (stored.digest, stored.token_key)
    assert token.startswith("s2t_")


def test_revoked_token_stops_working(client, people):
    api = token_client(people["learner"], TokenScope.READ)
    assert api.get(reverse("api_me")).status_code == 200
    token = ApiToken.objects.get(user=people["learner"])
    client.force_login(people["learner"])
    client.post(reverse("profile_token_revoke", args=[token.token_key]))
    assert api.get(reverse("api_me")).status_code == 401


def test_invalid_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token s2t_nonsense")
    response = api.get(reverse("api_me"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_throttling_answers_429_with_retry_after(api, people, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    original = UserRateThrottle.THROTTLE_RATES
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "2/minute"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        UserRateThrottle.THROTTLE_RATES = rates
        try:
            api.force_authenticate(people["learner"])
            codes = [api.get(reverse("api_me")).status_code for _ in range(3)]
            response = api.get(reverse("api_me"))
        finally:
            UserRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 429]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"


def test_api_queries_do_not_grow_with_members(api, people, organisation, django_assert_max_num_queries):
    from tests.factories import MembershipFactory

    api.force_authenticate(people["org_admin"])
    url = reverse("api_members", args=[organisation.slug])
    with django_assert_max_num_queries(6):
        api.get(url)
    for _ in range(20):
        MembershipFactory(organisation=organisation)
    with django_assert_max_num_queries(6):
        assert api.get(url).json()["count"] == 23
