"""The editorial groups, their permissions and the approval workflow, defined in one place.

Editors write and submit: pages, snippets (recommendations, framework areas and statements, pathways,
continuum level text, the before-and-after measure) and the site settings. Moderators can do all that
and also publish and approve. Superusers can do everything. One person can be in both groups.

A data migration creates the groups; after every `migrate` (once every app's permissions exist) and in
`load_demo`, `ensure_editorial_groups` brings their permissions and the default workflow up to date.
Apps and models are named by label, so this module imports nothing from modules or quizzes.
"""

from django.apps import apps as global_apps

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW_TASK_NAME = "Moderators approval"

# "app_label.codename" for each model permission.
EDITOR_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "quizzes.add_recommendation",
    "quizzes.change_recommendation",
    "quizzes.add_domain",
    "quizzes.change_domain",
    "quizzes.change_framework",
    "quizzes.change_measure",
    "modules.add_pathway",
    "modules.change_pathway",
    "modules.change_continuumleveltext",
    "s2t_learn.change_sitesettings",
)
MODERATOR_PERMISSIONS = EDITOR_PERMISSIONS + (
    "quizzes.publish_recommendation",
    "quizzes.delete_recommendation",
    "quizzes.lock_recommendation",
    "quizzes.unlock_recommendation",
    "quizzes.publish_domain",
    "quizzes.lock_domain",
    "quizzes.unlock_domain",
    "modules.delete_pathway",
)
# Page permissions on the root page, so they cover the whole tree.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + ("publish_page", "lock_page", "unlock_page")
# Snippets whose edits go through the default workflow, like pages.
WORKFLOW_SNIPPETS = ("quizzes.recommendation", "quizzes.domain")


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:  # a model not migrated yet: the next run adds it
            found.append(permission)
    return found


def _page_permissions(apps, group, codenames):
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for permission in _permissions(apps, [f"wagtailcore.{codename}" for codename in codenames]):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _workflow(apps, moderators):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")

    task = GroupApprovalTask.objects.filter(name=WORKFLOW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW_TASK_NAME,
            active=True,
            content_type=ContentType.objects.get_for_model(GroupApprovalTask),
        )
    task.groups.add(moderators)
    workflow = Workflow.objects.filter(workflow_tasks__task=task).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_TASK_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    root = Page.objects.filter(depth=1).first()
    if root is not None and not WorkflowPage.objects.filter(page=root).exists():
        WorkflowPage.objects.create(page=root, workflow=workflow)
    for label in WORKFLOW_SNIPPETS:
        app_label, model = label.split(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is not None:
            WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})
    return workflow


def ensure_editorial_groups(apps=global_apps):
    """Create or complete the Editors and Moderators groups and the default workflow. Idempotent."""
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    editors.permissions.add(*_permissions(apps, EDITOR_PERMISSIONS))
    moderators.permissions.add(*_permissions(apps, MODERATOR_PERMISSIONS))
    _page_permissions(apps, editors, EDITOR_PAGE_PERMISSIONS)
    _page_permissions(apps, moderators, MODERATOR_PAGE_PERMISSIONS)
    _workflow(apps, moderators)
    return editors, moderators


def after_migrate(sender, app_config=None, **kwargs):
    """post_migrate runs once per app: act after the last, when every app's permissions exist."""
    if app_config is not list(global_apps.get_app_configs())[-1]:
        return
    try:
        from wagtail.snippets.models import create_extra_permissions

        create_extra_permissions(app_config)  # publish_/lock_ permissions of draftable snippets
    except ImportError:  # pragma: no cover
        pass
    ensure_editorial_groups()
