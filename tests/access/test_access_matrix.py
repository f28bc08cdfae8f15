import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from modules.models import LessonPage, ModuleAssignment, ModulePage
from quizzes.assessment.rounds import services as round_services
from quizzes.knowledge import services as quiz_services
from quizzes.knowledge.certificates import badge_bytes
from quizzes.models import QuizPage
from s2t_learn import services
from s2t_learn.models import ApiToken, Invitation, Membership, Role
from s2t_learn.selectors import membership_for
from tests.factories import TeamFactory
from tests.quizzes.conftest import make_framework

from .matrix import EXEMPT_PREFIXES, LOGIN, ROLES, ROWS


def named_routes(patterns=None, prefix="", namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from named_routes(pattern.url_patterns, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), (f"{namespace}:" if namespace else "") + pattern.name


def test_every_route_has_a_row():
    rows = {row.name for row in ROWS}
    missing = sorted(name for path, name in named_routes() if not path.startswith(EXEMPT_PREFIXES) and name not in rows)
    assert not missing, f"Add these routes to tests/access/matrix.py: {missing}"


def test_no_row_is_stale():
    routes = {name for _path, name in named_routes()}
    assert not [row.name for row in ROWS if row.name not in routes]


def test_every_row_names_every_role():
    for row in ROWS:
        assert set(row.expect) == set(ROLES), row.name


@pytest.fixture
def access_context(curriculum, people, organisation, site_pages):  # the rows visit real lessons and quizzes
    admin = people["org_admin"]
    team = TeamFactory(organisation=organisation)
    learner_membership = Membership.objects.get(user=people["learner"], organisation=organisation)
    invitation = services.create_invitation(
        "newcomer@example.org", Role.LEARNER, membership=membership_for(admin, organisation.slug)
    )
    invitation = Invitation.objects.get(pk=invitation.pk)
    token = services.issue_invitation_token(invitation)
    join_link = services.create_join_link(membership=membership_for(admin, organisation.slug))
    learner_token, _ = ApiToken.objects.create(user=people["learner"], name="script", scope="read_write")
    lesson = LessonPage.objects.filter(body__icontains="reflective_question").first()
    module = ModulePage.objects.parent_of(lesson).get()
    block_id = next(block.id for block in lesson.body if block.block_type == "reflective_question")
    assignment = ModuleAssignment.objects.create(organisation=organisation, module=module, assigned_by=admin)
    make_framework()
    round_ = round_services.open_round(
        membership=membership_for(admin, organisation.slug), title="Access round", is_anonymous=False
    )
    round_services.invite_members(
        membership=membership_for(admin, organisation.slug), round_id=round_.pk, user_ids=[people["learner"].pk]
    )
    quiz = QuizPage.objects.child_of(module).first()
    attempt = quiz_services.start_attempt(people["learner"], quiz)
    quiz_services.submit_attempt(people["learner"], attempt.pk)
    certificate = quiz_services._issue(people["learner"], module=module)
    certificate.badge.save("badge.png", ContentFile(badge_bytes(certificate)))  # the PDF is not needed here
    return {
        "quiz": quiz,
        "attempt": attempt,
        "certificate": certificate,
        "round": round_,
        "statement_key": "pattern-d1",
        "lesson": lesson,
        "module": module,
        "block_id": block_id,
        "assignment": assignment,
        "organisation": organisation,
        "team": team,
        "learner_membership": learner_membership,
        "invitation": invitation,
        "invitation_token": token,
        "join_link": join_link,
        "learner_token": learner_token,
    }


CASES = [(row, role) for row in ROWS for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{row.name}-{role}" for row, role in CASES])
def test_access(client, people, access_context, row, role):
    if role != "anonymous":
        client.force_login(people[role])
    params = row.kwargs(access_context) if row.kwargs else None
    url = reverse(row.name, args=params) if isinstance(params, list) else reverse(row.name, kwargs=params)
    send = getattr(client, row.method)
    if row.api and row.method != "get":
        response = send(url, data=row.data, content_type="application/json")
    else:
        response = send(url, data=row.data) if row.method != "get" else send(url)
    expected = row.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, (row.name, role, response.status_code)
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    else:
        assert response.status_code == expected, (row.name, role, response.status_code)
