# ruff: noqa: F811  (the fixtures are imported, then named as test arguments)
"""Rubric and deadlines in the admin: a rubric keeps at least one criterion, points are positive."""

from __future__ import annotations

import pytest

from delegates import papers
from delegates.paper_models import RubricCriterion
from tests.personas import world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def superuser_organizer(world):
    """The seeded organizer is a superuser (committee/seeding.py); the persona is only staff."""
    world.organizer.is_superuser = True
    world.organizer.save(update_fields=["is_superuser"])


def _post(world, criteria, changes):
    setup = papers.setup_for(world.interpol)
    data = {
        "committee": world.interpol.pk,
        "time_zone": setup.time_zone,
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": str(c.pk),
                f"criteria-{i}-setup": str(setup.pk),
                f"criteria-{i}-name": c.name,
                f"criteria-{i}-max_points": str(c.max_points),
                f"criteria-{i}-order": str(c.order),
            }
        )
    data.update(changes)
    client = world.client("organizer")
    return client.post(f"/admin/delegates/papersetup/{setup.pk}/change/", data)


def _points():
    return list(RubricCriterion.objects.order_by("order").values_list("max_points", flat=True))


def test_admin_refuses_an_empty_rubric(world):
    criteria = papers.rubric(world.interpol)
    response = _post(world, criteria, {f"criteria-{i}-DELETE": "on" for i in range(len(criteria))})
    assert response.status_code == 200
    assert "A rubric needs at least one criterion." in response.content.decode()
    assert RubricCriterion.objects.count() == 5


@pytest.mark.parametrize("points", ["0", "-5", "abc"])
def test_admin_refuses_points_that_are_not_positive(world, points):
    criteria = papers.rubric(world.interpol)
    response = _post(world, criteria, {"criteria-0-max_points": points})
    assert response.status_code == 200
    assert _points() == [20] * 5


def test_admin_saves_a_valid_rubric_and_refuses_a_bad_time_zone(world):
    criteria = papers.rubric(world.interpol)
    assert _post(world, criteria, {"criteria-0-max_points": "40"}).status_code == 302
    assert _points() == [40, 20, 20, 20, 20]
    response = _post(world, papers.rubric(world.interpol), {"time_zone": "Nowhere/City"})
    assert "is not a time zone" in response.content.decode()


def test_admin_lists_deadlines_and_papers(world):
    client = world.client("organizer")
    for url in (
        "/admin/delegates/topicdeadline/add/",
        "/admin/delegates/positionpaper/",
        "/admin/delegates/papersetup/",
        "/admin/delegates/paperscore/",
    ):
        assert client.get(url).status_code == 200, url
