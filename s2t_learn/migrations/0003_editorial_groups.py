"""The Editors and Moderators groups and what each may do (see s2t_learn/editorial.py).

Permissions of models migrated later are added after `migrate` finishes (a post_migrate handler runs
the same function) and by load_demo.
"""

from django.db import migrations


def create_groups(apps, schema_editor):
    from s2t_learn.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("s2t_learn", "0002_pages_and_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0095_groupsitepermission"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
