"""Admin previews of every page type and of the previewable snippets can be framed by the admin (same
origin); every public page still forbids all framing. One rule does it:
s2t_learn.middleware.PreviewFramingMiddleware."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape
from wagtail import blocks
from wagtail.admin.panels import get_edit_handler
from wagtail.blocks.base import BlockField
from wagtail.test.utils.form_data import querydict_from_html

from modules.models import LessonPage, ModuleIndexPage, ModulePage
from quizzes.models import Domain, QuizIndexPage, QuizPage, Recommendation
from s2t_learn.middleware import is_admin_preview
from s2t_learn.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, StandardPage, ModuleIndexPage, ModulePage, LessonPage, QuizIndexPage, QuizPage]
SNIPPETS = [Recommendation, Domain]


def block_form_data(block, value, prefix, data):
    """The POST data the admin's StreamField editor would send for a block value (its JS builds these
    inputs, so they are not in the edit page's HTML)."""
    if isinstance(block, blocks.StreamBlock):
        children = list(value or [])
        data[f"{prefix}-count"] = str(len(children))
        for i, child in enumerate(children):
            data[f"{prefix}-{i}-type"] = child.block_type
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = child.id or ""
            block_form_data(child.block, child.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.ListBlock):
        children = list(value.bound_blocks) if value is not None else []
        data[f"{prefix}-count"] = str(len(children))
        for i, child in enumerate(children):
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = child.id or ""
            block_form_data(block.child_block, child.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            block_form_data(child_block, value.get(name) if value is not None else None, f"{prefix}-{name}", data)
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            data[prefix] = "true"
    elif isinstance(block, blocks.FieldBlock):
        formatted = block.field.widget.format_value(block.field.prepare_value(block.value_for_form(value)))
        if isinstance(formatted, (list, tuple)):
            data.setlist(prefix, [str(v) for v in formatted])
        else:
            data[prefix] = "" if formatted is None else str(formatted)


def edit_form_data(client, obj, edit_url):
    """What the edit form posts: its inputs as rendered, plus the StreamFields as the editor sends them."""
    html = client.get(edit_url).content.decode()
    form_id = "page-edit-form" if 'id="page-edit-form"' in html else "w-editor-form"
    data = querydict_from_html(html, form_id=form_id)
    data._mutable = True
    form_class = get_edit_handler(type(obj)).get_form_class()
    for name, field in form_class.base_fields.items():
        if isinstance(field, BlockField):
            block_form_data(field.block, getattr(obj, name), name, data)
    return data


def one_of(model):
    if model is Recommendation and not Recommendation.objects.exists():
        from quizzes.planning.loader import load_recommendations

        load_recommendations()
    if model is Domain and not Domain.objects.exists():
        from quizzes.assessment.loader import load_framework

        load_framework()
    obj = model.objects.order_by("pk").first()
    assert obj is not None, model
    return obj


def preview_in_panel(client, obj, edit_url, preview_url):
    """What the admin's preview panel does: post the edit form, then load the preview in its iframe."""
    posted = client.post(preview_url, edit_form_data(client, obj, edit_url))
    assert posted.json() == {"is_valid": True, "is_available": True}, posted.content
    return client.get(preview_url, {"mode": obj.default_preview_mode, "in_preview_panel": "true"})


def assert_framable_by_the_admin_only(response):
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "'none'" not in csp.split("frame-ancestors")[1].split(";")[0]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp  # the rest of the policy still holds
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.fixture
def content(curriculum, site_pages):
    from s2t_learn.editorial import ensure_editorial_groups

    ensure_editorial_groups()  # a live-server test's flush earlier in the run empties the groups' page rights
    return curriculum


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_the_preview_panel_of_every_page_type_can_be_framed_by_the_admin(client, people, content, model):
    page = one_of(model)
    client.force_login(people["editor"])
    response = preview_in_panel(
        client,
        page,
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
    )
    assert response.status_code == 200
    assert escape(page.title) in response.content.decode()
    assert "wagtailadmin/generic/preview_error.html" not in [t.name for t in response.templates]
    assert_framable_by_the_admin_only(response)


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_view_draft_of_every_page_type_can_be_framed_by_the_admin(client, people, content, model):
    page = one_of(model)
    client.force_login(people["editor"])
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    assert_framable_by_the_admin_only(response)


@pytest.mark.parametrize("model", SNIPPETS, ids=lambda m: m.__name__)
def test_the_preview_panel_of_each_previewable_snippet_can_be_framed_by_the_admin(client, people, content, model):
    obj = one_of(model)
    client.force_login(people["editor"])
    url_name = f"wagtailsnippets_{obj._meta.app_label}_{obj._meta.model_name}"
    response = preview_in_panel(
        client,
        obj,
        reverse(f"{url_name}:edit", args=[obj.pk]),
        reverse(f"{url_name}:preview_on_edit", args=[obj.pk]),
    )
    assert response.status_code == 200
    assert "wagtailadmin/generic/preview_error.html" not in [t.name for t in response.templates]
    assert escape(obj.title) in response.content.decode()
    assert_framable_by_the_admin_only(response)


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_public_page_still_forbids_framing(client, people, content, model):
    page = one_of(model)
    for person in (None, people["editor"]):  # a signed-in editor sees the public page as anyone does
        if person:
            client.force_login(person)
        response = client.get(page.url, follow=True)
        assert response.status_code == 200
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert "'self'" not in response["Content-Security-Policy"].split("frame-ancestors")[1].split(";")[0]
        assert response["X-Frame-Options"] == "DENY"


def test_only_wagtails_stand_in_request_counts_as_a_preview():
    request = RequestFactory().get("/modules/", HTTP_X_IS_PREVIEW="1", QUERY_STRING="is_preview=1&is_dummy=1")
    assert not is_admin_preview(request)
    request.is_preview = True  # what Page.serve never sets, and a browser cannot
    assert not is_admin_preview(request)
    request.is_dummy = True  # wagtail.models.preview.make_preview_request sets both
    assert is_admin_preview(request)
