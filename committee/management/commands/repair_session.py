"""Make every string in committees' live sessions storable and sendable.

Sessions saved before the websocket protocol refused unpaired surrogates and NUL characters
may hold some. Frames already encode them safely, so a session keeps working without this;
run it to clean the stored state and journal (for exports, the admin, or a move to
PostgreSQL). Safe while the server runs: each committee is repaired under its row lock."""

from django.core.management.base import BaseCommand, CommandError

from committee import services
from committee.models import Committee


class Command(BaseCommand):
    help = "Replace unpaired surrogates and drop NUL characters in live sessions' text."

    def add_arguments(self, parser):
        parser.add_argument("committee", nargs="*", type=int, help="committee ids (default: all)")

    def handle(self, *args, **options):
        ids = options["committee"] or list(Committee.objects.values_list("pk", flat=True))
        unknown = set(ids) - set(Committee.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if unknown:
            raise CommandError(f"No committee with id {', '.join(map(str, sorted(unknown)))}.")
        for committee_id in ids:
            changed = services.do_repair_text(committee_id)
            self.stdout.write(f"Committee {committee_id}: {changed} string(s) repaired.")
