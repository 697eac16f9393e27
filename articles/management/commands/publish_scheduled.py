"""Make live every approved revision whose scheduled time has come: what Celery beat does every
minute, for the embedded default (`make run`), which runs no beat."""

from django.core.management.base import BaseCommand

from articles.publication import scheduled_publication_run


class Command(BaseCommand):
    help = "Publish every approved revision whose scheduled publication time has come (safe to run any time)."

    def handle(self, *args, **options):
        published = scheduled_publication_run()
        for revision in published:
            self.stdout.write(f"Published {revision.article.slug}, revision {revision.number}.")
        self.stdout.write(f"{len(published)} scheduled publication(s) run.")
