import shutil

import pytest
import yaml
from wagtail.models import Revision

from modules.loader import CONTENT_DIR, load_curriculum
from modules.models import LessonPage, ModuleIndexPage, ModulePage

pytestmark = pytest.mark.django_db


def test_page_tree(curriculum, site_pages):
    assert curriculum.get_parent().specific == site_pages
    assert curriculum.url == "/modules/"
    module = ModulePage.objects.get(slug="why-it-matters")
    assert module.get_parent().pk == curriculum.pk
    lesson = LessonPage.objects.child_of(module).first()
    assert lesson.url.startswith("/modules/why-it-matters/")


def test_second_load_creates_nothing(curriculum):
    pages, revisions = ModulePage.objects.count() + LessonPage.objects.count(), Revision.objects.count()
    report = load_curriculum()
    assert report.created == [] and report.updated == []
    assert ModulePage.objects.count() + LessonPage.objects.count() == pages
    assert Revision.objects.count() == revisions
    assert ModuleIndexPage.objects.count() == 1


def test_an_editors_change_is_kept_unless_update(curriculum, people):
    module = ModulePage.objects.get(slug="three-principles")
    module.title = "The three principles, as our service teaches them"
    module.save_revision(user=people["editor"]).publish()
    report = load_curriculum()
    assert "The three principles, as our service teaches them" in report.kept
    assert ModulePage.objects.get(pk=module.pk).title == "The three principles, as our service teaches them"
    report = load_curriculum(update=True)
    assert ModulePage.objects.get(pk=module.pk).title == "The three principles"
    assert "The three principles" in report.updated


def test_a_changed_file_updates_pages_no_one_edited(curriculum, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "modules" / "01-why-it-matters.yaml"
    data = yaml.safe_load(path.read_text())
    data["estimated_minutes"] = 99
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    report = load_curriculum(content)
    assert ModulePage.objects.get(slug="why-it-matters").estimated_minutes == 99
    assert len(report.updated) == 1 and report.created == []


def test_block_ids_are_stable_across_loads(curriculum):
    lesson = LessonPage.objects.filter(body__icontains="reflective_question").first()
    before = [block.id for block in lesson.body]
    load_curriculum(update=True)
    lesson.refresh_from_db()
    assert [block.id for block in lesson.body] == before


def test_moderation_workflow_stays_available(curriculum):
    from wagtail.models import Workflow

    module = ModulePage.objects.first()
    workflow = Workflow.objects.filter(active=True).first()
    assert workflow is not None, "Wagtail's default moderation workflow should exist"
    assert module.get_workflow() == workflow
