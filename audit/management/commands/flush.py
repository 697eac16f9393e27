from django.core.management.commands.flush import Command as FlushCommand

from audit import triggers


class Command(FlushCommand):
    help = (
        FlushCommand.help
        + " The audit log's append-only triggers are lifted for the flush and put back after."
    )

    def handle(self, **options):
        # Transactional tests flush between tests; SQLite flushes with DELETE, which the
        # append-only triggers refuse. This is the one place that lifts them.
        using = options["database"]
        triggers.remove(using=using)
        try:
            super().handle(**options)
        finally:
            triggers.install(using=using)
