from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from . import guards  # noqa: F401  (registers the system check)
        from .recorder import record_history_row
        from .triggers import install_after_migrate
        from .verbs import register_verbs

        register_verbs(
            {
                "history.created": "Created",
                "history.changed": "Changed",
                "history.deleted": "Deleted",
                "history.legacy": "Recorded before the event log",
                "admin.create": "Created in the admin",
                "admin.change": "Changed in the admin",
            }
        )
        post_create_historical_record.connect(record_history_row, dispatch_uid="audit-history-row")
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="audit-triggers")
