"""The Seat model moved from `delegates` to `committee` (issue 15) without moving a row.

The database is taken back to the migrations before the move, a seat is written there the old
way, and the move is applied: the same row is read back through the new model, the admin's
content type follows it, and a resolution's sponsors (a many-to-many to the seat) still point at
it. The database is left fully migrated.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# contenttypes is named so that its state (no `name` column) is the database's.
BEFORE = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("committee", "0002_initial"),
    ("delegates", "0001_initial"),
]
AFTER = [("committee", "0003_seat_moved_here"), ("delegates", "0002_seat_moved_to_committee")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_seats_survive_the_move_to_committee():
    try:
        old = _migrate(BEFORE)
        conference = old.get_model("committee", "Conference").objects.create(
            name="Old", slug="old"
        )
        committee = old.get_model("committee", "Committee").objects.create(
            conference=conference, name="Old committee", abbreviation="OC", slug="oc"
        )
        topic = old.get_model("committee", "Topic").objects.create(
            committee=committee, letter="A", title="A topic"
        )
        seat = old.get_model("delegates", "Seat").objects.create(
            committee=committee, country="Kenya", iso_code="KE", join_code="K7QM-3XPA-RT9D"
        )
        resolution = old.get_model("committee", "Resolution").objects.create(
            committee=committee, topic=topic, title="Draft"
        )
        resolution.sponsors.add(seat)
        old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="delegates", model="seat"
        )

        new = _migrate(AFTER)
        moved = new.get_model("committee", "Seat").objects.get(pk=seat.pk)
        assert (moved.country, moved.join_code, moved.committee_id) == (
            "Kenya",
            "K7QM-3XPA-RT9D",
            committee.pk,
        )
        sponsors = new.get_model("committee", "Resolution").objects.get(pk=resolution.pk).sponsors
        assert list(sponsors.values_list("pk", flat=True)) == [seat.pk]
        types = new.get_model("contenttypes", "ContentType").objects
        assert types.filter(app_label="committee", model="seat").count() == 1
        assert not types.filter(app_label="delegates", model="seat").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
