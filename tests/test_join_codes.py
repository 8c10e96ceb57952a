# ruff: noqa: F811  (the persona fixtures are imported, then named as test arguments)
"""Join codes: refusals with a clear message, throttling, forgiving input, revoke and reissue."""

from __future__ import annotations

import pytest
from django.test import Client

from committee import seats
from committee.seats import normalize_join_code
from delegates import services
from tests.personas import join_client, world  # noqa: F401

pytestmark = pytest.mark.django_db

NOT_VALID = "That code is not valid."
THROTTLED = "Too many wrong codes from this network."
REVOKED = "Your join code was revoked or replaced."


def _post(client: Client, code: str, **extra):
    return client.post("/join/", {"code": code}, **extra)


def test_it_refuses_a_wrong_code_with_a_message(world):
    response = _post(Client(), "AAAA-BBBB-CCCC")
    assert response.status_code == 400
    assert NOT_VALID in response.content.decode()


def test_it_refuses_a_revoked_code(world):
    old = world.kenya.join_code
    seats.do_revoke_code(world.kenya)
    response = _post(Client(), old)
    assert response.status_code == 400
    assert NOT_VALID in response.content.decode()
    with pytest.raises(services.JoinRefused, match="revoked no longer work"):
        services.check_join(old, client="10.0.0.1")


def test_it_refuses_a_code_of_another_committee_when_one_is_asked_for(world):
    unodc_code = world.unodc_seats[0].join_code
    with pytest.raises(services.JoinRefused, match="This code belongs to another committee."):
        services.check_join(unodc_code, client="10.0.0.2", committee=world.interpol)
    # Its own committee takes it.
    result = services.check_join(unodc_code, client="10.0.0.2", committee=world.unodc)
    assert result.seat == world.unodc_seats[0]


def test_it_joins_whatever_committee_the_code_belongs_to(world):
    """The join page is committee-agnostic: a UNODC code binds the browser to the UNODC seat."""
    client = join_client(world.unodc_seats[1].join_code)
    page = client.get("/delegate/")
    assert page.status_code == 200
    assert page.context["committee"] == world.unodc
    assert "France" in page.content.decode()


def test_it_throttles_wrong_codes_per_address_whatever_the_cookies(world, settings):
    """Issue 8, finding 7: dropping the cookie (a new Client) must not reset the count."""
    settings.JOIN_CODE_MAX_FAILURES_PER_ADDRESS = 3
    for _ in range(4):  # each guess from a fresh browser: no cookie carries over
        assert _post(Client(), "WRONG-CODE-HERE").status_code == 400
    response = _post(Client(), "WRONG-CODE-HERE")
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    # Another address is not affected.
    assert _post(Client(), "WRONG-CODE-HERE", REMOTE_ADDR="10.9.9.9").status_code == 400


def test_it_never_locks_a_room_out_behind_one_address(world, settings):
    """A guesser behind the room's NAT cannot keep the delegates out: a right code works."""
    settings.JOIN_CODE_MAX_FAILURES_PER_ADDRESS = 3
    for _ in range(50):
        _post(Client(), "WRONG-CODE-HERE")
    assert _post(Client(), "WRONG-CODE-HERE").status_code == 429
    phone = Client()
    assert _post(phone, world.kenya.join_code).status_code == 302
    assert phone.get("/delegate/").status_code == 200
    assert _post(Client(), world.japan.join_code).status_code == 302


def test_it_makes_an_address_wait_longer_after_each_wrong_code(world, settings):
    settings.JOIN_CODE_MAX_FAILURES_PER_ADDRESS = 2
    settings.JOIN_CODE_MAX_WAIT_SECONDS = 60
    assert [services.wait_seconds(n) for n in range(0, 10)] == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    t = 1000.0
    for _ in range(2):
        with pytest.raises(services.JoinRefused):
            services.check_join("WRONG-CODE", client="10.0.0.3", now=t)
    with pytest.raises(services.JoinRefused) as third:  # the third still counts: 2 s to wait
        services.check_join("WRONG-CODE", client="10.0.0.3", now=t)
    assert not isinstance(third.value, services.JoinThrottled)
    with pytest.raises(services.JoinThrottled, match="try again in 2 seconds"):
        services.check_join("WRONG-CODE", client="10.0.0.3", now=t)
    with pytest.raises(services.JoinThrottled, match="try again in 1 second[.]"):
        services.check_join("WRONG-CODE", client="10.0.0.3", now=t + 1)
    # Waiting it out lets the next wrong code be checked (and counted: now 4 s).
    with pytest.raises(services.JoinRefused) as later:
        services.check_join("WRONG-CODE", client="10.0.0.3", now=t + 2.5)
    assert not isinstance(later.value, services.JoinThrottled)
    with pytest.raises(services.JoinThrottled, match="try again in 4 seconds"):
        services.check_join("WRONG-CODE", client="10.0.0.3", now=t + 2.5)
    # A code of another committee counts as wrong; a right one goes through the wait.
    assert services.check_join(world.kenya.join_code, client="10.0.0.3", now=t + 3).seat == world.kenya


def test_it_accepts_lower_case_and_spaces(world):
    code = world.kenya.join_code.lower().replace("-", " ")
    client = Client()
    response = _post(client, f"  {code} ")
    assert response.status_code == 302
    assert client.get("/delegate/").context["seat"] == world.kenya


@pytest.mark.parametrize(
    "typed",
    ["{code}", "{lower}", "{nodash}", " {spaced} ", "{lower_nodash}"],
)
def test_it_normalizes_what_people_type(world, typed):
    code = world.japan.join_code
    variants = {
        "code": code,
        "lower": code.lower(),
        "nodash": code.replace("-", ""),
        "spaced": code.replace("-", " "),
        "lower_nodash": code.replace("-", "").lower(),
    }
    assert normalize_join_code(typed.format(**variants)) == code


def test_it_logs_the_browser_out_when_the_code_is_revoked(world):
    client = join_client(world.kenya.join_code)
    assert client.get("/delegate/").status_code == 200
    seats.do_revoke_code(world.kenya)
    response = client.get("/delegate/", follow=True)
    assert response.redirect_chain == [("/join/", 302)]
    assert REVOKED in response.content.decode()
    # The binding is gone for good: no second warning, still not a delegate.
    again = client.get("/delegate/", follow=True)
    assert REVOKED not in again.content.decode()


def test_it_reissues_a_new_code_that_works_while_the_old_one_does_not(world):
    old = world.kenya.join_code
    holder = join_client(old)
    seat = seats.do_reissue_code(world.kenya)
    assert seat.join_code and seat.join_code != old
    # The browser that joined with the old code is logged out.
    assert holder.get("/delegate/")["Location"] == "/join/"
    # The old code is refused, the new one works.
    assert _post(Client(), old).status_code == 400
    fresh = join_client(seat.join_code)
    assert fresh.get("/delegate/").context["seat"] == world.kenya


def test_it_reissues_through_the_chair_view(world):
    chair = world.client("interpol_chair")
    old = world.kenya.join_code
    response = chair.post(f"/committees/{world.interpol.pk}/seats/{world.kenya.pk}/reissue/")
    assert response.status_code == 302
    world.kenya.refresh_from_db()
    assert world.kenya.join_code != old
    assert _post(Client(), old).status_code == 400
    assert _post(Client(), world.kenya.join_code).status_code == 302


def test_it_prefills_the_code_from_the_qr_link(world):
    response = Client().get("/join/", {"code": world.kenya.join_code})
    assert f'value="{world.kenya.join_code}"' in response.content.decode()


def test_the_admin_keeps_the_count_of_voting_members(world, admin_client):
    """Seats added or removed in the admin change the committee's member count (and quorum)."""
    from committee.models import Committee

    before = Committee.objects.get(pk=world.interpol.pk).voting_members
    response = admin_client.post(
        "/admin/committee/seat/add/",
        {
            "committee": world.interpol.pk,
            "country": "Ghana",
            "iso_code": "GH",
            "status": "voting",
            "delegate_name": "",
        },
    )
    assert response.status_code == 302, response.content[:500]
    seat = world.interpol.seats.get(iso_code="GH")
    assert seat.join_code  # a new seat gets a code at once
    assert Committee.objects.get(pk=world.interpol.pk).voting_members == before + 1
    admin_client.post(f"/admin/committee/seat/{seat.pk}/delete/", {"post": "yes"})
    assert Committee.objects.get(pk=world.interpol.pk).voting_members == before


def test_the_admin_actions_revoke_and_reissue_codes(world, admin_client):
    old = world.kenya.join_code
    url = "/admin/committee/seat/"
    ids = [world.kenya.pk, world.japan.pk]
    response = admin_client.post(url, {"action": "revoke_codes", "_selected_action": ids})
    assert response.status_code == 302
    world.kenya.refresh_from_db()
    assert world.kenya.join_code == ""
    admin_client.post(url, {"action": "reissue_codes", "_selected_action": ids})
    world.kenya.refresh_from_db()
    assert world.kenya.join_code and world.kenya.join_code != old
