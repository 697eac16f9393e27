from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_role_groups(sender, **kwargs):
    # A database flush (as transactional tests do) empties the groups the
    # migration created; put them back whenever migrations have run.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from .groups import sync_role_groups

    # Other apps' permissions may not exist yet at this point of post_migrate.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    sync_role_groups(Group, Permission)


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles"

    def ready(self):
        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="roles-role-groups")
