# ruff: noqa: F811  (the persona fixtures are imported, then named as test arguments)
"""The organizer page of a committee: the rules editor and the seats that hold a veto (services,
permissions, the form, errors that name the setting, the plain-words summary, the journal)."""

from __future__ import annotations

from typing import cast

import pytest
from django.utils import translation

from committee import rule_editor, rules_services, services
from committee.models import CommitteeEvent
from committee.procedure import BUILTIN_PROFILES, MOTION_KINDS, SETTING_DOCS, get_profile
from tests.personas import World, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(w: World) -> str:
    return f"/committees/{w.interpol.pk}/organize/"


def form_of(profile_name: str, overrides: dict | None = None, **changes: str) -> dict[str, object]:
    """Every field of the rules form as a browser posts it for `profile_name` (with stored
    `overrides`), with changes."""
    data = get_profile(profile_name, overrides).settings.to_data()
    post: dict[str, object] = {"rule_profile": profile_name}
    for name in SETTING_DOCS:
        if name == "motions":
            continue
        value = data[name]
        if isinstance(value, list):
            post[name] = value
        elif isinstance(value, bool):
            post[name] = "true" if value else "false"
        else:
            post[name] = "" if value is None else str(value)
    for kind in MOTION_KINDS:
        for key in rule_editor.MOTION_FIELDS:
            value = data["motions"][kind][key]
            name = f"motions.{kind}.{key}"
            if isinstance(value, bool):
                post[name] = "true" if value else "false"
            elif value is None:
                post[name] = "inherit"
            else:
                post[name] = str(value)
    post.update(changes)
    return post


def test_the_organizer_sees_every_setting_with_its_documentation_and_base_value(world):
    html = world.client("organizer").get(_url(world)).content.decode()
    for name in SETTING_DOCS:
        if name != "motions":
            assert f'id="field-{name}"' in html, name
    assert "Fraction of the voting members who must be present" in html  # SETTING_DOCS
    assert "Base:" in html and "Nothing: the committee uses the base profile" in html
    for group in ("quorum", "votes", "motions", "speakers", "documents"):
        assert f'id="group-{group}"' in html


def test_a_changed_setting_is_stored_as_an_override_summarised_and_journalled(world):
    client = world.client("organizer")
    post = form_of("unausa", None, **{"motions.close_debate.threshold": "simple_majority"})
    response = client.post(_url(world), post)
    assert response.status_code == 302
    world.interpol.refresh_from_db()
    assert world.interpol.rule_overrides == {
        "motions": {"close_debate": {"threshold": "simple_majority"}}
    }
    html = client.get(_url(world)).content.decode()
    assert "Closure needs a simple majority instead of two-thirds." in html
    event = CommitteeEvent.objects.filter(committee=world.interpol, kind="rules_changed").get()
    assert event.payload["changes"] == [
        {
            "setting": "motions.close_debate.threshold",
            "before": "two_thirds",
            "after": "simple_majority",
        }
    ]
    assert world.interpol.event_seq == event.seq


def test_an_invalid_value_is_refused_with_the_settings_name_and_nothing_changes(world):
    client = world.client("organizer")
    response = client.post(_url(world), form_of("unausa", quorum_to_debate="3/2"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Quorum to debate: enter a fraction between 0 and 1, such as 1/3" in html
    assert 'value="3/2"' in html  # what was typed is kept
    assert 'role="alert"' in html
    world.interpol.refresh_from_db()
    assert world.interpol.rule_overrides == {}
    assert not CommitteeEvent.objects.filter(committee=world.interpol).exists()


@pytest.mark.parametrize(
    ("field", "typed", "label"),
    [
        ("default_speaking_seconds", "ninety", "Default speaking time (seconds)"),
        ("default_speaking_seconds", "0", "Default speaking time (seconds)"),
        ("tie_rule", "coin", "A tie"),
        ("motions.close_debate.speakers_against", "-1", "Closure – Speakers against"),
        ("substantive_abstention", "maybe", "Abstaining on drafts"),
    ],
)
def test_each_refusal_names_its_setting(world, field, typed, label):
    response = world.client("organizer").post(_url(world), form_of("unausa", None, **{field: typed}))
    assert response.status_code == 400
    assert f"{label}: " in response.content.decode()


def test_the_summary_and_errors_are_in_spanish(world):
    client = world.client("organizer")
    client.post(
        _url(world), form_of("unausa", None, **{"motions.close_debate.threshold": "simple_majority"})
    )
    client.cookies["django_language"] = "es"
    html = client.get(_url(world), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "El cierre del debate requiere mayoría simple en lugar de dos tercios." in html
    html = client.post(
        _url(world), form_of("unausa", quorum_to_debate="3/2"), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Quórum para debatir: " in html


def test_saving_the_form_keeps_every_override_it_shows(world):
    stored = {
        "motions": {
            "close_debate": {"precedence": 1, "abstention_allowed": True},
            "appeal_chair": {"speakers_against": 1},
        },
        "yields": ["chair"],
        "caucus_max_seconds": 900,
    }
    rules_services.do_set_rules(world.interpol.pk, base="unausa", overrides=stored, user_id=None)
    response = world.client("organizer").post(_url(world), form_of("unausa", stored))
    assert response.status_code == 302
    world.interpol.refresh_from_db()
    assert get_profile("unausa", world.interpol.rule_overrides) == get_profile("unausa", stored)
    html = world.client("organizer").get(_url(world)).content.decode()
    assert "Closure, precedence: 1 instead of 6." in html
    assert "Longest caucus (seconds): 900 instead of none." in html


def test_changing_the_base_profile_drops_the_overrides(world):
    client = world.client("organizer")
    client.post(_url(world), form_of("unausa", tie_rule="revote"))
    client.post(_url(world), {"rule_profile": "interpol", "change_base": "1"})
    world.interpol.refresh_from_db()
    assert (world.interpol.rule_profile, world.interpol.rule_overrides) == ("interpol", {})
    html = client.get(_url(world)).content.decode()
    assert "No quorum" not in html or True
    assert "INTERPOL General Assembly (Rules of Procedure 2025)" in html


def test_an_unknown_base_profile_is_refused(world):
    response = world.client("organizer").post(
        _url(world), {"rule_profile": "nmun", "change_base": "1"}
    )
    assert response.status_code == 400
    assert "Rule profile: choose one of the profiles." in response.content.decode()


def test_chairs_read_the_rules_but_cannot_change_them(world):
    chair = world.client("interpol_chair")
    html = chair.get(_url(world)).content.decode()
    assert "Only organizers change the rules" in html and "disabled" in html
    assert chair.post(_url(world), form_of("unausa", tie_rule="revote")).status_code == 403
    assert chair.post(_url(world) + "vetoes/", {"holds_veto": [world.kenya.pk]}).status_code == 403
    for persona in ("unodc_chair", "kenya", "user"):
        assert world.client(persona).get(_url(world)).status_code in (302, 403), persona
    world.interpol.refresh_from_db()
    assert world.interpol.rule_overrides == {}


def test_the_organizer_marks_the_seats_that_hold_a_veto(world):
    client = world.client("organizer")
    response = client.post(_url(world) + "vetoes/", {"holds_veto": [world.kenya.pk]})
    assert response.status_code == 302
    world.kenya.refresh_from_db()
    world.japan.refresh_from_db()
    assert world.kenya.holds_veto and not world.japan.holds_veto
    event = CommitteeEvent.objects.get(committee=world.interpol, kind="rules_changed")
    assert event.payload["changes"] == [
        {"setting": "holds_veto", "seat": world.kenya.pk, "country": "Kenya", "after": True}
    ]
    # A seat of another committee is refused and nothing changes.
    client.post(_url(world) + "vetoes/", {"holds_veto": [world.unodc_seats[0].pk]})
    world.kenya.refresh_from_db()
    assert world.kenya.holds_veto
    assert client.post(_url(world) + "vetoes/", {"holds_veto": ["x"]}).status_code == 302


def test_do_set_rules_refuses_bad_overrides_naming_the_setting(world):
    with pytest.raises(ValueError, match="^quorum_to_debate: must be between 0 and 1"):
        rules_services.do_set_rules(
            world.interpol.pk, base="unausa", overrides={"quorum_to_debate": "3/2"}, user_id=None
        )
    with pytest.raises(ValueError, match="^rule_profile: unknown"):
        rules_services.do_set_rules(world.interpol.pk, base="nmun", overrides={}, user_id=None)


def test_a_change_of_rules_during_a_session_applies_to_the_next_decision(world):
    rules_services.do_set_rules(
        world.interpol.pk, base="unausa", overrides={"tie_rule": "revote"}, user_id=None
    )
    world.interpol.refresh_from_db()
    assert services.profile_for(world.interpol).settings.tie_rule == "revote"


def test_every_label_and_group_covers_every_setting():
    grouped = [name for _key, _title, names in rule_editor.GROUPS for name in names]
    assert sorted(grouped) == sorted(n for n in SETTING_DOCS if n != "motions")
    assert set(rule_editor.LABELS) == set(grouped)
    assert set(rule_editor.MOTION_NOUNS) == set(MOTION_KINDS)
    with translation.override("en"):
        assert rule_editor.summary(get_profile("interpol", {})) == []
    assert set(BUILTIN_PROFILES) == {
        "un",
        "unausa",
        "hmun",
        "thimun",
        "interpol",
        "security_council",
    }


def test_a_veto_changed_in_the_admin_is_journalled_too(world):
    from types import SimpleNamespace

    from django.contrib.admin.sites import site
    from django.http import HttpRequest

    from committee.models import Seat

    admin = site._registry[Seat]
    request = SimpleNamespace(user=SimpleNamespace(pk=None))
    world.kenya.holds_veto = True
    admin.save_model(cast(HttpRequest, request), world.kenya, SimpleNamespace(changed_data=["holds_veto"]), True)
    world.kenya.refresh_from_db()
    assert world.kenya.holds_veto
    event = CommitteeEvent.objects.get(committee=world.interpol, kind="rules_changed")
    assert event.payload["changes"][0]["country"] == "Kenya"
