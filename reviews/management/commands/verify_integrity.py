"""Check that every approved revision is served as the board approved it, and the event log."""

from django.core.management.base import BaseCommand, CommandError

from reviews.integrity import all_problems


class Command(BaseCommand):
    help = (
        "Recompute every approved revision's fingerprint from what readers are served, check its "
        "approval record and the event log; print one line per problem and exit non-zero on any."
    )

    def handle(self, *args, **options):
        count = 0
        for problem in all_problems():
            count += 1
            self.stdout.write(str(problem))
        if count:
            raise CommandError(f"{count} integrity problem(s) found.", returncode=1)
        self.stdout.write("No integrity problems found.")
