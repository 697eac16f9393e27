from django.core.management.base import BaseCommand, CommandError

from syndication.services import api_key_create, partner_by_name


class Command(BaseCommand):
    help = "Issue an API key for a registered partner. The key is printed once and stored only as a hash."

    def add_arguments(self, parser):
        parser.add_argument(
            "--partner", required=True, help="The partner's name, as registered in the admin."
        )
        parser.add_argument("--label", default="", help='What the key is for, e.g. "production site".')

    def handle(self, *args, partner, label, **options):
        found = partner_by_name(partner)
        if found is None:
            raise CommandError(f'No partner is registered as "{partner}". Register it in the admin first.')
        if not found.is_active:
            raise CommandError(f'The partner "{partner}" is inactive; its keys would not work.')
        api_key, raw_key = api_key_create(partner=found, label=label)
        self.stderr.write(
            f"Key {api_key.prefix} issued for {found.name}. Copy it now; it is not shown again:"
        )
        self.stdout.write(raw_key)
