from django.core.management.base import BaseCommand, CommandError

from editorial.exceptions import InvalidAction
from references.retraction_watch import import_retraction_watch


class Command(BaseCommand):
    help = "Mark library entries retracted from a Retraction Watch CSV export (matched by DOI)."

    def add_arguments(self, parser):
        parser.add_argument("csv_path", help="The Retraction Watch CSV file.")

    def handle(self, *args, csv_path, **options):
        try:
            with open(csv_path, encoding="utf-8-sig", errors="replace", newline="") as stream:
                summary = import_retraction_watch(stream=stream, actor=None)
        except OSError as exc:
            raise CommandError(f"The file could not be opened: {exc}") from exc
        except InvalidAction as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            "{rows} rows read, {matched} about entries of the library: {retracted} newly marked retracted, "
            "{corrected} corrections recorded.".format(**summary)
        )
