"""Editors write and submit; Moderators also publish and approve; the public site shows only what was approved."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from modules.models import LessonPage
from quizzes.assessment.models import DomainForm
from quizzes.models import Domain, Recommendation
from s2t_learn.editorial import (
    EDITOR_PAGE_PERMISSIONS,
    EDITOR_PERMISSIONS,
    MODERATOR_PAGE_PERMISSIONS,
    MODERATOR_PERMISSIONS,
    ensure_editorial_groups,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def page_codenames(group):
    return {gpp.permission.codename for gpp in group.page_permissions.filter(page__depth=1)}


@pytest.fixture
def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def recommendation(db):
    from quizzes.planning.loader import load_recommendations

    if not Recommendation.objects.exists():
        load_recommendations()
    return Recommendation.objects.order_by("pk").first()


def test_the_groups_hold_exactly_their_permission_sets():
    editors, moderators = ensure_editorial_groups()
    assert set(EDITOR_PERMISSIONS) <= codenames(editors)
    assert set(MODERATOR_PERMISSIONS) <= codenames(moderators)
    assert not {p for p in codenames(editors) if p.split(".")[1].startswith(("publish_", "unlock_"))}
    assert page_codenames(editors) == set(EDITOR_PAGE_PERMISSIONS)
    assert page_codenames(moderators) == set(MODERATOR_PAGE_PERMISSIONS)


def test_ensuring_the_groups_twice_changes_nothing():
    ensure_editorial_groups()
    before = {g.name: (codenames(g), page_codenames(g)) for g in Group.objects.all()}
    ensure_editorial_groups()
    assert {g.name: (codenames(g), page_codenames(g)) for g in Group.objects.all()} == before
    assert Group.objects.filter(name__in=["Editors", "Moderators"]).count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/quizzes/recommendation/",
        "/admin/snippets/quizzes/domain/",
        "/admin/snippets/modules/pathway/",
        "/admin/snippets/modules/continuumleveltext/",
        "/admin/settings/s2t_learn/sitesettings/",
    ],
)
def test_editors_and_moderators_reach_snippets_and_settings_learners_do_not(client, editor, moderator, site_pages, url):
    for person in (editor, moderator):
        client.force_login(person)
        response = client.get(url, follow=True)
        assert response.status_code == 200, (person, url)
        assert b"do not have permission" not in response.content
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code in (302, 403)


def test_the_editors_dashboard_lists_modules_due_for_review(client, editor, curriculum):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert 'id="modules-due-for-review' in html or "Modules due for review" in html


def test_the_default_workflow_sends_pages_and_snippets_to_moderators(curriculum, recommendation):
    ensure_editorial_groups()
    workflow = Workflow.objects.get(active=True)
    lesson = LessonPage.objects.first()
    assert lesson.get_workflow() == workflow
    assert recommendation.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_editor_submits_a_recommendation_and_a_lesson_moderator_approves_and_the_public_sees_it(
    client, editor, moderator, curriculum, site_pages, recommendation
):
    from quizzes.planning.recommendations.selectors import recommendation_library

    ensure_editorial_groups()
    lesson = LessonPage.objects.live().first()
    old_title = recommendation.title

    # The editor saves drafts and submits them: nothing public changes yet.
    recommendation.title = "Agree a shared way to record his pattern of behaviour"
    recommendation.save_revision(user=editor)
    recommendation.get_workflow().start(recommendation, editor)
    lesson_draft = lesson.get_latest_revision_as_object()
    lesson_draft.title = "A lesson title the editor improved"
    lesson_draft.save_revision(user=editor)
    lesson.get_workflow().start(lesson, editor)
    assert Recommendation.objects.get(pk=recommendation.pk).title == old_title
    assert "A lesson title the editor improved" not in client.get(lesson.url).content.decode()

    # Only the moderator may approve.
    for obj in (Recommendation.objects.get(pk=recommendation.pk), LessonPage.objects.get(pk=lesson.pk)):
        task_state = obj.current_workflow_task_state
        task = task_state.task.specific
        assert "approve" not in [name for name, *_ in task.get_actions(obj, editor)]
        assert "approve" in [name for name, *_ in task.get_actions(obj, moderator)]
        task.on_action(task_state, moderator, "approve")

    assert (
        Recommendation.objects.get(pk=recommendation.pk).title
        == "Agree a shared way to record his pattern of behaviour"
    )
    titles = [rec.title for rec in recommendation_library()]
    assert "Agree a shared way to record his pattern of behaviour" in titles and old_title not in titles
    assert "A lesson title the editor improved" in client.get(lesson.url).content.decode()


def test_a_draft_recommendation_never_reaches_the_library(editor, recommendation):
    from quizzes.planning.recommendations.selectors import recommendation_library

    draft = Recommendation.objects.get(pk=recommendation.pk)
    draft.pk = None
    draft.key = "new-draft-step"
    draft.title = "A draft step nobody approved"
    draft.live = False
    draft.save()
    assert "A draft step nobody approved" not in [rec.title for rec in recommendation_library()]


def test_a_statement_key_is_read_only_once_set(curriculum):
    from quizzes.assessment.loader import load_framework

    if not Domain.objects.exists():
        load_framework()
    domain = Domain.objects.filter(statements__isnull=False).first()
    form_class = Domain.get_edit_handler().get_form_class()
    assert issubclass(form_class, DomainForm)
    form = form_class(instance=domain, for_user=UserFactory(is_superuser=True))
    assert form.fields["key"].disabled
    statement_forms = form.formsets["statements"].forms
    assert statement_forms and all(f.fields["key"].disabled for f in statement_forms if f.instance.pk)
    new = form_class(instance=Domain(), for_user=UserFactory(is_superuser=True))
    assert not new.fields["key"].disabled


def test_the_admin_sends_nothing_to_gravatar():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_load_demo_makes_an_editor_and_a_moderator_login(demo):
    from s2t_learn.models import User

    assert User.objects.get(email="editor@example.org").groups.filter(name="Editors").exists()
    assert User.objects.get(email="moderator@example.org").groups.filter(name="Moderators").exists()
