"""access_live_session: the check every websocket command makes that the browser session behind
its socket still holds the login (chairs, organizers) or the seat (delegates) it was opened
with. Read in a plain query of its own (committee/access.py), or, for a command that takes the
committee's row lock, in the statement that reads its seats after the lock (`services._lock_for`,
`access.live_session_columns`): these pin what both must refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from committee.access import access_live_session
from committee.live.commands import CHAIR, DELEGATE, Actor
from committee.seats import SEAT_KEY

pytestmark = pytest.mark.django_db


def store():
    from importlib import import_module

    from django.conf import settings as django_settings

    return import_module(django_settings.SESSION_ENGINE).SessionStore


def login_session(user) -> str:
    session = store()()
    session[SESSION_KEY] = str(user.pk)
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.create()
    return session.session_key


def seat_session(seat_id: int) -> str:
    session = store()()
    session[SEAT_KEY] = seat_id
    session.create()
    return session.session_key


@pytest.fixture
def chair():
    return get_user_model().objects.create_user("chair-check", password="correct horse 1")


@pytest.fixture(params=["own queries", "with the row lock"], autouse=True)
def way(request):
    _way[0] = request.param
    return request.param


_way = ["own queries"]


def allowed(key, actor) -> bool:
    from django.db import transaction

    from committee import services
    from committee.models import Committee
    from tests.test_query_counts import build

    try:
        if _way[0] == "own queries":
            access_live_session(key, actor)
        else:
            committee = Committee.objects.order_by("pk").first() or build(1)["committee"]
            with transaction.atomic():
                locked = services._lock_for(committee.pk, actor, services.BrowserSession(key))
            assert locked.committee.pk == committee.pk
    except PermissionDenied:
        return False
    return True


def test_a_logged_in_chair_passes_and_every_way_of_losing_the_login_is_refused(chair):
    actor = Actor(role=CHAIR, user_id=chair.pk)
    key = login_session(chair)
    assert allowed(key, actor)
    assert not allowed(None, actor)
    assert not allowed("no-such-session", actor)
    # Someone else's login.
    other = get_user_model().objects.create_user("someone-else", password="x" * 12)
    assert not allowed(login_session(other), actor)
    # The password changed: sessions made with the old one no longer count.
    chair.set_password("a new one entirely 2")
    chair.save()
    assert not allowed(key, actor)
    key = login_session(chair)
    assert allowed(key, actor)
    # Deactivated.
    chair.is_active = False
    chair.save()
    assert not allowed(key, actor)
    chair.is_active = True
    chair.save()
    assert allowed(key, actor)
    # Expired.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not allowed(key, actor)


def test_a_tampered_session_is_refused(chair):
    actor = Actor(role=CHAIR, user_id=chair.pk)
    key = login_session(chair)
    Session.objects.filter(session_key=key).update(session_data="not-a-signed-session")
    assert not allowed(key, actor)


def test_a_delegate_passes_only_with_its_own_seat():
    key = seat_session(7)
    assert allowed(key, Actor(role=DELEGATE, seat=7))
    assert not allowed(key, Actor(role=DELEGATE, seat=8))
    assert not allowed("gone", Actor(role=DELEGATE, seat=7))
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not allowed(key, Actor(role=DELEGATE, seat=7))


@override_settings(
    SESSION_ENGINE="django.contrib.sessions.backends.cache",
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_a_session_engine_outside_the_database_is_read_through_its_own_store(chair):
    actor = Actor(role=CHAIR, user_id=chair.pk)
    key = login_session(chair)
    assert not Session.objects.filter(session_key=key).exists()
    assert allowed(key, actor)
    store()(key).delete()
    assert not allowed(key, actor)


@settings(max_examples=30, deadline=None)
@given(key=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=60))
def test_any_session_key_is_refused_safely_unless_it_is_the_login(key):
    user, _ = get_user_model().objects.get_or_create(username="prop-chair")
    assert not allowed(key, Actor(role=CHAIR, user_id=user.pk))
    assert not allowed(key, Actor(role=DELEGATE, seat=1))


# --- may_still_chair: asked under the committee lock on every chair's command ------------------


def test_only_an_active_organizer_or_a_member_of_this_dais_may_still_chair(chair):
    from committee.access import may_still_chair
    from committee.models import DaisMember
    from tests.personas import make_committee

    here, elsewhere = make_committee(slug="here"), make_committee(slug="elsewhere")
    assert not may_still_chair(chair.pk, here.pk)
    DaisMember.objects.create(committee=elsewhere, user=chair)
    assert not may_still_chair(chair.pk, here.pk)  # another committee's dais
    DaisMember.objects.create(committee=here, user=chair)
    assert may_still_chair(chair.pk, here.pk)
    chair.is_active = False
    chair.save()
    assert not may_still_chair(chair.pk, here.pk)
    organizer = get_user_model().objects.create_user("organizer-check", is_staff=True)
    assert may_still_chair(organizer.pk, here.pk)
    organizer.is_active = False
    organizer.save()
    assert not may_still_chair(organizer.pk, here.pk)
    assert not may_still_chair(999_999, here.pk)
