"""`manage.py seed_passwords`: the passwords generated for the seed accounts at their first load.

They are kept in the local state folder (DAIS_STATE_DIR, `.state/` by default), readable only by
the account that ran `make run`. An account whose password was changed since is listed as such.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from committee.seeding import passwords_path, read_generated_passwords


class Command(BaseCommand):
    help = "Show the passwords generated for the seed accounts (chairs, organizer)."

    def handle(self, *args, **options):
        generated = read_generated_passwords()
        if not generated:
            self.stdout.write(
                f"No generated passwords in {passwords_path()}: the seed accounts were created "
                "with --password or $DAIS_DEMO_PASSWORD, or not yet (run `make run`)."
            )
            return
        users = {u.username: u for u in get_user_model().objects.filter(username__in=generated)}
        for username, password in sorted(generated.items()):
            user = users.get(username)
            if user is None:
                note = "(account deleted)"
            elif user.check_password(password):
                note = ""
            else:
                note = "(changed since: this one no longer works)"
            self.stdout.write(f"{username:<22} {password:<16} {note}".rstrip())
