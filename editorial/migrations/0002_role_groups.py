"""Create the three role groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "articles.view_article", "articles.add_article", "articles.change_article",
    "articles.view_revision", "articles.add_revision", "articles.change_revision",
    "articles.view_reviewdecision", "articles.view_disclaimer",
    "articles.view_followupquestion", "articles.change_followupquestion",
    "references.view_reference", "references.add_reference", "references.change_reference",
    "references.view_citation",
    "editorial.view_boardmember", "editorial.view_editorialpolicy",
]  # fmt: skip
BOARD_PERMISSIONS = [
    "articles.view_article", "articles.view_revision", "articles.review_revision",
    "articles.view_reviewdecision", "articles.view_reviewassignment", "articles.view_disclaimer",
    "references.view_reference", "references.view_citation",
    "editorial.view_boardmember", "editorial.view_editorialpolicy",
]  # fmt: skip
CHIEF_EDITOR_PERMISSIONS = sorted(
    set(BOARD_PERMISSIONS)
    | {
        "articles.assign_reviewers", "articles.unpublish_article",
        "articles.add_reviewassignment", "articles.change_reviewassignment",
        "articles.add_disclaimer", "articles.change_disclaimer",
        "articles.view_followupquestion", "articles.change_followupquestion",
        "references.add_reference", "references.change_reference",
        "editorial.add_editorialpolicy", "editorial.change_editorialpolicy",
        "editorial.view_notification",
    }
)  # fmt: skip

GROUPS = {
    "Editors": EDITOR_PERMISSIONS,
    "Medical Advisory Board": BOARD_PERMISSIONS,
    "Chief editors": CHIEF_EDITOR_PERMISSIONS,
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0001_initial"),
        ("references", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
