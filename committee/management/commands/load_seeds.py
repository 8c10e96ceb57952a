"""`manage.py load_seeds`: the demo conference and INTERPOL committee from seeds/ (idempotent).

The work is done by `committee.seeding.load_seeds`; this only parses options and prints.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from committee.seeding import PASSWORD_ENV, SeedError, load_seeds


class Command(BaseCommand):
    help = (
        "Create the demo conference, the INTERPOL committee, its dais accounts, topics, briefings "
        "and seats from the seed documents. Safe to run repeatedly: only missing rows are created."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=(
                "Password for accounts this run creates (default: $"
                f"{PASSWORD_ENV}, else one generated per account, printed once and kept for "
                "`manage.py seed_passwords`). Existing passwords are never changed."
            ),
        )
        parser.add_argument(
            "--show-logins",
            action="store_true",
            help="List the dais and organizer usernames and where their password comes from.",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=(
                "Also bring existing seeded rows back in line with the seeds (names, topics, "
                "briefings, dais roles, seat countries). Passwords and join codes are kept."
            ),
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help=(
                "Then play out the demo conference on the seeded committee: the steps named in "
                "settings.DAIS_DEMO_STEPS, each called with the committee's id (idempotent)."
            ),
        )
        parser.add_argument(
            "--seeds-dir", type=Path, help="Directory of seed documents (default: seeds/)."
        )

    def handle(self, *args, **options):
        try:
            report = load_seeds(
                options["seeds_dir"], options["password"], refresh=options["refresh"]
            )
        except SeedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if options["demo"]:
            # Steps are named in settings so that committee/ imports no later app.
            for path in getattr(settings, "DAIS_DEMO_STEPS", []):
                self.stdout.write(import_string(path)(report.committee_id))
        if options["show_logins"]:
            self.stdout.write("Logins:")
            generated = report.generated_passwords
            for role, username, who in report.logins:
                password = generated.get(username, "")
                self.stdout.write(f"  {role:<10} {username:<22} {password:<16} {who}".rstrip())
            if generated:
                self.stdout.write(
                    "The passwords above were generated for the accounts this run created and "
                    "are shown this once here; `manage.py seed_passwords` shows them again."
                )
            elif report.created["user"]:
                self.stdout.write(
                    f"Password: {report.password_source} for the accounts this run created."
                )
            self.stdout.write(
                "Accounts that already existed keep their password "
                "(`manage.py seed_passwords` lists the generated ones)."
            )
