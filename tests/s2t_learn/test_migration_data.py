"""A database built from the models (`--nomigrations`, the SQLite runs) starts with the same data as a
migrated one (the PostgreSQL run in CI passes `--migrations`): both runs assert the same fingerprint."""

import pytest

from tests.migration_data import STEPS


def fingerprint():
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site, Workflow

    groups = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.order_by("name")
    }
    return {
        "locales": list(Locale.objects.values_list("language_code", flat=True)),
        "pages": list(Page.objects.order_by("path").values_list("depth", "slug")),
        "sites": list(Site.objects.values_list("hostname", "is_default_site")),
        "collections": list(Collection.objects.values_list("depth", "name")),
        "groups": groups,
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list("group__name", "page__depth", "permission__codename")
        ),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list("group__name", "permission__codename")
        ),
        "workflows": list(Workflow.objects.values_list("name", "active")),
    }


@pytest.mark.django_db
def test_the_fresh_database_has_what_the_migrations_make():
    data = fingerprint()
    assert data["locales"] == ["en-gb"]
    assert data["pages"][:1] == [(1, "root")]
    assert data["collections"] == [(1, "Root")]
    assert data["workflows"] == [("Moderators approval", True)]
    assert set(data["groups"]) == {"Editors", "Moderators"}
    assert "access_admin" in data["groups"]["Editors"]
    assert ("Moderators", 1, "publish_page") in data["page_permissions"]
    assert ("Editors", 1, "publish_page") not in data["page_permissions"]
    assert ("Editors", "add_image") in data["collection_permissions"]
    assert ("Editors", "choose_document") in data["collection_permissions"]


@pytest.mark.django_db
def test_every_replayed_step_is_still_in_the_migrations():
    """A Wagtail upgrade that renames or drops one of the replayed migrations fails here."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.test.utils import override_settings

    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(connection, ignore_no_migrations=True)
    for app, name, _step in STEPS:
        assert (app, name) in loader.graph.nodes
