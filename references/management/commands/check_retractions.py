from django.core.management.base import BaseCommand

from references.tasks import check_retractions


class Command(BaseCommand):
    help = "Check every cited DOI for retraction and correction notices now (the daily task, run here)."

    def handle(self, *args, **options):
        summary = check_retractions()
        self.stdout.write(
            "{checked} DOIs checked, {failed} lookups failed: {retracted} newly marked retracted, "
            "{corrected} corrections recorded.".format(**summary)
        )
