from django.apps import AppConfig
from django.db.models.signals import post_migrate

# What chief editors may do with partners, keys and deliveries in the admin. Kept here rather
# than in the role table so the lower layers never name this app.
CHIEF_EDITOR_PERMISSIONS = [
    "syndication.view_partner", "syndication.add_partner", "syndication.change_partner",
    "syndication.view_apikey", "syndication.add_apikey", "syndication.change_apikey",
    "syndication.view_apikeyusage", "syndication.view_changefeedentry",
    "syndication.view_webhookdelivery", "syndication.change_webhookdelivery",
]  # fmt: skip


def _grant_chief_editors(sender, **kwargs):
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from roles.groups import CHIEF_EDITORS

    create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    group, _ = Group.objects.get_or_create(name=CHIEF_EDITORS)
    codenames = [code.split(".")[1] for code in CHIEF_EDITOR_PERMISSIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="syndication", codename__in=codenames)
    )


class SyndicationConfig(AppConfig):
    name = "syndication"
    verbose_name = "Syndication API and webhooks"

    def ready(self):
        from . import cors, receivers  # noqa: F401 - connects the signal receivers

        post_migrate.connect(_grant_chief_editors, sender=self, dispatch_uid="syndication-chief-editors")
