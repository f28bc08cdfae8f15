"""s2t_learn.access: the membership is resolved once, checked, and handed on."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin, organisation_view, require_role
from s2t_learn.models import Role

pytestmark = pytest.mark.django_db


@organisation_view(Role.ASSESSMENT_LEAD)
def _lead_page(request, membership, extra=None):
    return HttpResponse(f"{membership.organisation.slug}:{membership.role}:{extra}")


class _LeadAPI(OrganisationAPIMixin, APIView):
    minimum_role = Role.LEARNER
    minimum_roles = {"POST": Role.ORG_ADMIN}

    def get(self, request, slug):
        return Response({"role": self.membership.role})

    def post(self, request, slug):
        return Response({"role": self.membership.role})


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_view_gets_the_checked_membership(people, organisation):
    response = _lead_page(_request(people["assessment_lead"]), organisation.slug, extra="x")
    assert response.content.decode() == f"{organisation.slug}:{Role.ASSESSMENT_LEAD}:x"


def test_view_refuses_a_lower_role_and_hides_other_organisations(people, organisation, other_organisation):
    with pytest.raises(PermissionDenied):
        _lead_page(_request(people["learner"]), organisation.slug)
    with pytest.raises(Http404):
        _lead_page(_request(people["assessment_lead"]), other_organisation.slug)


def test_view_sends_an_anonymous_visitor_to_sign_in(organisation):
    response = _lead_page(_request(AnonymousUser()), organisation.slug)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    "person,method,status",
    [("learner", "get", 200), ("learner", "post", 403), ("org_admin", "post", 200), ("other_org", "get", 404)],
)
def test_api_mixin_checks_the_role_per_method(people, organisation, person, method, status):
    request = getattr(APIRequestFactory(), method)("/", format="json")
    force_authenticate(request, user=people[person])
    response = _LeadAPI.as_view()(request, slug=organisation.slug)
    assert response.status_code == status


def test_api_mixin_answers_401_to_anonymous(organisation):
    response = _LeadAPI.as_view()(APIRequestFactory().get("/"), slug=organisation.slug)
    assert response.status_code == 401


def test_require_role(people, organisation):
    lead = people["assessment_lead"].memberships.get(organisation=organisation)
    assert require_role(lead, Role.LEARNER) is lead
    with pytest.raises(PermissionDenied):
        require_role(lead, Role.ORG_ADMIN)
