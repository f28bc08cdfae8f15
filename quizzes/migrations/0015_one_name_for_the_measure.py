"""The before-and-after measure has one name: the Survey models become Measure, MeasureItem and
MeasureResponse, their `survey` fields `measure`, and the editors' "change survey" permission
"change measure" (the same permission row, renamed, so the groups that hold it keep it)."""

from django.conf import settings
from django.db import migrations, models

RENAMED = {"survey": "measure", "surveyitem": "measureitem", "surveyresponse": "measureresponse"}
VERBOSE = {
    "measure": "before-and-after measure",
    "measureitem": "measure item",
    "measureresponse": "measure response",
    "survey": "survey",
    "surveyitem": "survey item",
    "surveyresponse": "survey response",
}


def rename_permissions(apps, schema_editor, renamed=RENAMED):
    Permission = apps.get_model("auth", "Permission")
    for old, new in renamed.items():
        for action in ("add", "change", "delete", "view"):
            permissions = Permission.objects.filter(content_type__app_label="quizzes")
            if not permissions.filter(codename=f"{action}_{new}").exists():
                permissions.filter(codename=f"{action}_{old}").update(
                    codename=f"{action}_{new}", name=f"Can {action} {VERBOSE[new]}"
                )


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0014_merge_20261202_0645"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="surveyresponse", name="one_rating_per_stage"),
        migrations.RemoveConstraint(model_name="cohorttable", name="one_table_per_quarter"),
        migrations.RenameModel("Survey", "Measure"),
        migrations.RenameModel("SurveyItem", "MeasureItem"),
        migrations.RenameModel("SurveyResponse", "MeasureResponse"),
        migrations.AlterModelOptions(
            name="measure",
            options={"verbose_name": "before-and-after measure", "verbose_name_plural": "before-and-after measures"},
        ),
        migrations.RenameField(model_name="measureitem", old_name="survey", new_name="measure"),
        migrations.RenameField(model_name="measureresponse", old_name="survey", new_name="measure"),
        migrations.RenameField(model_name="cohorttable", old_name="survey", new_name="measure"),
        migrations.AlterField(
            model_name="measureresponse",
            name="user",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="measure_responses", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddConstraint(
            model_name="measureresponse",
            constraint=models.UniqueConstraint(fields=("user", "measure", "stage"), name="one_rating_per_stage"),
        ),
        migrations.AddConstraint(
            model_name="cohorttable",
            constraint=models.UniqueConstraint(
                fields=("organisation", "measure", "quarter"), name="one_table_per_quarter"
            ),
        ),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
