"""What the migrations would have put in a test database that `--nomigrations` builds from the models.

Building the tables from the models saves about 20 s of migrations per test worker, but skips what the
migrations do besides making tables: Wagtail's locale, root page, site, collection and its groups'
permissions, the SQLite full-text table, and this project's editorial groups and workflow.
`create_migration_data` replays exactly those steps, taken from the migrations themselves, so a test
starts from the same data as on a migrated database. Every other data step of the migration plan only
repairs rows that an empty database does not have. The CI run on PostgreSQL runs the migrations
themselves (`--migrations`), so they stay tested.
"""

from django.apps import apps
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader
from django.test.utils import override_settings

# (app, migration, step) in the order they must run; a step is a RunPython function's name, or "sql".
# The locale comes first (today's Page needs one) and the full-text table next (saving a page indexes it).
STEPS = [
    ("wagtailcore", "0054_initial_locale", "initial_locale"),
    ("wagtailsearch", "0006_customise_indexentry", "sql"),
    ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field", "initial_data"),
    ("wagtailcore", "0025_collection_initial_data", "initial_data"),
    ("wagtailcore", "0066_collection_management_permissions", "grant_instance_level_collection_management_permissions"),
    ("wagtailadmin", "0001_create_admin_access_permissions", "create_admin_access_permissions"),
    ("wagtaildocs", "0002_initial_data", "add_document_permissions_to_admin_groups"),
    ("wagtaildocs", "0011_add_choose_permissions", "add_choose_permission_to_admin_groups"),
    ("wagtaildocs", "0011_add_choose_permissions", "copy_choose_permission_to_collections"),
    ("wagtailimages", "0001_squashed_0021", "add_image_permissions_to_admin_groups"),
    ("wagtailimages", "0001_squashed_0021", "copy_image_permissions_to_collections"),
    ("wagtailimages", "0023_add_choose_permissions", "add_choose_permission_to_admin_groups"),
    ("wagtailimages", "0023_add_choose_permissions", "copy_choose_permission_to_collections"),
    ("s2t_learn", "0003_editorial_groups", "create_groups"),
]


def _wagtail_root_and_groups(apps, schema_editor):
    """Wagtail's first migration, in today's terms: its own code names page permissions the old way
    ("edit"), which today's GroupPagePermission no longer accepts (later migrations convert them)."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Page, Site

    root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for group, kinds in ((moderators, ("add", "change", "publish", "lock", "unlock")), (editors, ("add", "change"))):
        for kind in kinds:
            GroupPagePermission.objects.create(group=group, page=root, permission_type=kind)


REPLACED = {
    ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field", "initial_data"): _wagtail_root_and_groups
}


def _operations(operations):
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from _operations(operation.database_operations)
        else:
            yield operation


def _step(loader: MigrationLoader, app: str, name: str, step: str):
    for operation in _operations(loader.graph.nodes[(app, name)].operations):
        if step == "sql" and isinstance(operation, migrations.RunSQL):
            yield operation
        elif isinstance(operation, migrations.RunPython) and operation.code.__name__ == step:
            yield operation


def _run_sql(schema_editor, operation: migrations.RunSQL) -> None:
    statements = operation.sql if isinstance(operation.sql, list | tuple) else [operation.sql]
    for statement in statements:
        words = statement.split()
        if words[:3] == ["CREATE", "VIRTUAL", "TABLE"]:  # the models made it an ordinary table
            schema_editor.execute(f"DROP TABLE IF EXISTS {words[3]}", params=None)
        elif words[:2] == ["CREATE", "TRIGGER"] and words[2:5] != ["IF", "NOT", "EXISTS"]:
            # A reused database that a live-server test flushed has no data but keeps its triggers.
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {words[2]}", params=None)
        schema_editor.execute(statement, params=None)


def create_migration_data() -> list[str]:
    """Replay STEPS; return those that ran, as "app.migration:step"."""
    with override_settings(MIGRATION_MODULES={}):  # --nomigrations hides them from the loader
        loader = MigrationLoader(connection, ignore_no_migrations=True)
    ran = []
    with connection.schema_editor() as schema_editor:
        for app, name, step in STEPS:
            if (app, name) not in loader.graph.nodes:
                raise LookupError(f"{app}.{name} is gone: update tests/migration_data.py")
            for operation in _step(loader, app, name, step):
                if isinstance(operation, migrations.RunSQL):
                    if connection.vendor == "sqlite":  # the full-text table is SQLite's alone
                        _run_sql(schema_editor, operation)
                else:
                    REPLACED.get((app, name, step), operation.code)(apps, schema_editor)
                ran.append(f"{app}.{name}:{step}")
    return ran
