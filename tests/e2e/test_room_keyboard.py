"""Keyboard only (issue 9): a session driven with Tab, Shift+Tab, Enter, Space, Escape and the
arrow keys, never the mouse. A delegate joins by code, joins the speakers' list, raises a motion
through the motion form and votes; the chair logs in, opens the roll call, marks a delegation,
closes it, sets the agenda, puts the motion to a vote and closes it.

On every page and state looked at, every visible interactive element (links, buttons, inputs,
selects, summaries, [tabindex]) is reached by walking the Tab order, and each shows a focus
indicator (its computed outline or box-shadow differs from when it is not focused) and is not
hidden under something else (the sticky status bar). Confirmations are modal dialogs that the
keyboard answers (Escape cancels, Tab then Enter confirms) and focus goes back where it was; a
control that goes away once used (joining the list, closing the vote) leaves focus in its panel,
not at the top of the page.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    CHAIR_PASSWORD,
    CHAIR_USERNAME,
    LAPTOP,
    PHONE,
    as_chair,
    as_delegates,
    committee,
    seat,
)

SHOTS = Path(
    os.environ.get("DAIS_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots")
)
ME = "KE"

INTERACTIVE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex],"
    " [contenteditable]:not([contenteditable=false])"
)


# --- the keyboard ----------------------------------------------------------------------------


def active(page: Page) -> str:
    """The focused element, described ("" for the page itself)."""
    return page.evaluate(
        """() => { const el = document.activeElement;
          if (!el || el === document.body) return "";
          return `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join(".")} ${(el.textContent || el.value || "").trim().slice(0, 30)}`; }"""
    )


def tab_to(page: Page, selector: str, *, back: bool = False, limit: int = 400) -> None:
    """Press Tab (Shift+Tab with `back`) until the focused element matches `selector`."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(limit):
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} is not reached with {key} (focus on {active(page)})")


def choose(page: Page, select: str, value: str) -> None:
    """Choose an option of the focused <select> with the arrow keys."""
    for key in ("ArrowUp", "ArrowDown"):
        for _ in range(40):
            if page.input_value(select) == value:
                return
            page.keyboard.press(key)
    raise AssertionError(f"{value} cannot be chosen in {select} with the arrow keys")


# --- the audit: reachable, with a focus indicator, not obscured ------------------------------

MARK_JS = """(selector) => {
  // checkVisibility: not inside a closed <details> (content-visibility) nor display: none.
  const visible = (el) => el.getClientRects().length > 0
    && el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true });
  const nodes = [...document.querySelectorAll(selector)].filter((el) =>
    visible(el) && !el.matches(":disabled") && el.getAttribute("tabindex") !== "-1" && !el.closest("[inert]")
    && !(el.tagName === "SUMMARY" && el.parentElement.tagName !== "DETAILS"));
  document.querySelectorAll("[data-kb]").forEach((el) => el.removeAttribute("data-kb"));
  const out = {};
  nodes.forEach((el, i) => {
    el.setAttribute("data-kb", String(i));
    out[String(i)] = `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join(".")} "${(el.textContent || el.getAttribute("aria-label") || el.name || "").trim().replace(/\\s+/g, " ").slice(0, 40)}"`;
  });
  return out;
}"""

STYLE_JS = """(el) => { const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" | "); }"""

STEP_JS = """(styleOf) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const r = el.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 12), 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const s = getComputedStyle(el);
  return {
    kb: el.getAttribute("data-kb"),
    style: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" | "),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1,
    onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    covered: !!top && top !== el && !el.contains(top) && !top.contains(el)
      ? `${top.tagName.toLowerCase()}.${[...top.classList].join(".")}` : "",
  };
}"""


def audit(page: Page, where: str, problems: list[str], *, limit: int = 700) -> None:
    """Walk the whole Tab order once and check every visible interactive element on the way."""
    expected: dict[str, str] = page.evaluate(MARK_JS, INTERACTIVE)
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    focused_styles: dict[str, str] = {}
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        step = page.evaluate(STEP_JS)
        if step is None:
            continue
        kb = step["kb"]
        if kb is None:
            problems.append(
                f"{where}: focus on an element that is not interactive-looking: {active(page)}"
            )
            continue
        if kb == first:
            break
        first = first or kb
        if kb in focused_styles:
            continue
        focused_styles[kb] = step["style"]
        name = expected.get(kb, kb)
        if not step["onScreen"]:
            problems.append(f"{where}: {name} is focused off the screen")
        if step["covered"]:
            problems.append(f"{where}: {name} is focused under {step['covered']}")
    else:
        problems.append(f"{where}: the Tab order does not come round in {limit} presses (a trap?)")
    missing = sorted(set(expected) - set(focused_styles), key=int)
    problems += [f"{where}: not reachable with Tab: {expected[kb]}" for kb in missing]
    # The same elements, not focused: the indicator is what differs.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for kb, style in focused_styles.items():
        handle = page.query_selector(f'[data-kb="{kb}"]')
        if handle is None:
            continue
        if not has_focus_indicator(style, page.evaluate(STYLE_JS, handle)):
            problems.append(f"{where}: no focus indicator on {expected.get(kb, kb)} ({style})")


def has_focus_indicator(focused: str, rest: str) -> bool:
    """An outline of at least 1 px that the element does not have unfocused, or a new shadow."""
    style, width, colour, shadow = focused.split(" | ")
    rest_parts = rest.split(" | ")
    outline = style != "none" and float(width.removesuffix("px") or 0) >= 1
    return (outline and [style, width, colour] != rest_parts[:3]) or (
        shadow != "none" and shadow != rest_parts[3]
    )


def live(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("data-connection", "open")
    expect(page.locator("body")).to_have_attribute("data-rendered", re.compile(r"^\d+$"))


def rendered_after(page: Page, before: str) -> None:
    expect(page.locator("body")).not_to_have_attribute("data-rendered", before)


def dialog_focus(page: Page) -> str:
    return page.evaluate(
        """() => { const d = document.querySelector("dialog.confirm-dialog[open]");
          if (!d) return "no dialog";
          const el = document.activeElement;
          return d.contains(el) ? (el.hasAttribute("data-confirm-ok") ? "confirm" : "cancel") : "outside"; }"""
    )


def log_in_by_keyboard(chair: Page) -> None:
    """On the login page: the chair's name, Tab, the password, Enter; the console goes live."""
    tab_to(chair, "input[name=username]")
    chair.keyboard.type(CHAIR_USERNAME)
    chair.keyboard.press("Tab")
    chair.keyboard.type(CHAIR_PASSWORD)
    chair.keyboard.press("Enter")
    chair.wait_for_url(f"**/committees/{committee().pk}/chair/")
    live(chair)


def join_by_keyboard(phone: Page, code: str) -> None:
    """On the join page: the code typed, Enter; the delegate's page goes live."""
    tab_to(phone, "input[name=code]")
    phone.keyboard.type(code)
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/delegate/")
    live(phone)


# --- the session ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_session_runs_from_the_keyboard_alone(live_server_url, seeded, browser):
    base = live_server_url
    problems: list[str] = []
    c = committee()
    me = seat(ME)

    # The chair logs in.
    chair = browser.new_context(viewport=LAPTOP, locale="en-GB").new_page()
    chair.goto(f"{base}/accounts/login/")
    audit(chair, "login", problems)
    log_in_by_keyboard(chair)
    audit(chair, "chair before the roll call", problems)

    # The language menu does not leave the page on an arrow key (only Enter applies it).
    tab_to(chair, "#language-select")
    chair.keyboard.press("ArrowDown")
    chair.wait_for_timeout(300)
    assert chair.url.endswith("/chair/"), chair.url
    expect(chair.locator("html")).to_have_attribute("lang", "en")
    chair.keyboard.press("ArrowUp")

    # Roll call: open it, mark Kenya present and voting, close it, set the agenda.
    tab_to(chair, "#rollcall-open")
    chair.keyboard.press("Enter")
    expect(chair.locator("#rollcall-close")).to_be_enabled()
    expect(chair.locator("#rollcall-details")).to_have_attribute("open", "")
    audit(chair, "chair, roll call open", problems)
    tab_to(
        chair, f'#rollcall-grid li[data-seat-id="{me.pk}"] button[data-mark="present_and_voting"]'
    )
    chair.keyboard.press("Space")
    expect(chair.locator(f'#rollcall-grid li[data-seat-id="{me.pk}"]')).to_have_attribute(
        "data-mark", "present_and_voting"
    )
    others = [s.pk for s in c.seats.filter(status="voting").exclude(pk=me.pk).order_by("pk")[:30]]
    as_chair(*({"type": "rollcall.mark", "seat": s, "mark": "present_and_voting"} for s in others))
    tab_to(chair, "#rollcall-close", back=True)
    chair.keyboard.press("Enter")
    expect(chair.locator("#rollcall-close")).to_be_disabled()
    tab_to(chair, '#agenda-buttons [data-args*="A"]')
    chair.keyboard.press("Enter")
    expect(chair.locator('[data-bind="topic"]')).to_contain_text("Topic A")

    # The delegate joins by code.
    phone = browser.new_context(viewport=LAPTOP, locale="en-GB").new_page()
    phone.goto(f"{base}/join/")
    audit(phone, "join", problems)
    join_by_keyboard(phone, me.join_code)
    audit(phone, "delegate in debate", problems)

    # ... joins the speakers' list: focus stays in the list's panel.
    tab_to(phone, "#gsl-join")
    phone.keyboard.press("Enter")
    expect(phone.locator("#gsl-leave")).to_be_visible()
    assert phone.evaluate("() => !!document.activeElement.closest('#gsl-panel')"), active(phone)

    # ... raises a motion through the motion form.
    tab_to(phone, "#motion-details > summary")
    phone.keyboard.press("Enter")
    expect(phone.locator("#motion-details")).to_have_attribute("open", "")
    audit(phone, "delegate, motion form open", problems)
    tab_to(phone, "#motion-kind")
    choose(phone, "#motion-kind", "moderated_caucus")
    tab_to(phone, "#dm-minutes")
    phone.keyboard.press("Control+A")
    phone.keyboard.type("5")
    tab_to(phone, "#dm-speaking")
    phone.keyboard.press("Control+A")
    phone.keyboard.type("45")
    tab_to(phone, "#dm-topic")
    phone.keyboard.type("Cyber capacity")
    tab_to(phone, "#motion-submit")
    phone.keyboard.press("Enter")
    expect(chair.locator("#motion-list li.motion")).to_contain_text("Cyber capacity")
    motion = committee().live_state["motions"][0]["id"]
    as_delegates([seat("FR").pk], {"type": "motion.second", "motion": motion})

    # The chair puts it to a vote (its page learns of the second, made by the service, on load).
    chair.reload()
    live(chair)
    expect(chair.locator("#motion-list li.motion.ready button.primary")).to_be_enabled()
    tab_to(chair, "#motion-list li.motion.ready button.primary")
    chair.keyboard.press("Enter")
    expect(chair.locator('[data-testid="vote-count"]')).to_be_visible()
    live(phone)
    expect(phone.locator("#vote-panel")).to_be_visible()
    audit(chair, "chair, vote open", problems)
    audit(phone, "delegate, vote open", problems)
    projector = browser.new_context(viewport=LAPTOP, locale="en-GB").new_page()
    projector.goto(f"{base}/committees/{c.pk}/projector/")
    live(projector)
    audit(projector, "projector, vote open", problems)
    projector.context.close()

    # The delegate votes; focus stays in the vote panel.
    tab_to(phone, "#vote-buttons .vote-yes")
    phone.keyboard.press("Space")
    expect(phone.locator("#my-ballot")).to_be_visible()
    assert phone.evaluate("() => !!document.activeElement.closest('#vote-panel')"), active(phone)
    as_delegates(others[:10], {"type": "vote.cast", "choice": "yes"})
    chair.reload()
    live(chair)
    expect(chair.locator('[data-testid="vote-count"]')).to_contain_text("11 of")

    # Closing an incomplete count asks: Escape cancels and gives focus back...
    tab_to(chair, "#vote-close")
    chair.keyboard.press("Enter")
    expect(chair.locator("dialog.confirm-dialog[open]")).to_be_visible()
    assert dialog_focus(chair) == "cancel"
    SHOTS.mkdir(parents=True, exist_ok=True)
    chair.screenshot(path=str(SHOTS / "chair-confirm-close-vote-laptop-en.png"))
    chair.keyboard.press("Escape")
    expect(chair.locator("dialog.confirm-dialog")).to_have_count(0)
    assert chair.evaluate("() => document.activeElement.id") == "vote-close"
    expect(chair.locator('[data-testid="vote-count"]')).to_be_visible()
    # ... and Tab, Enter confirms; focus stays in the vote panel when its button goes.
    chair.keyboard.press("Enter")
    expect(chair.locator("dialog.confirm-dialog[open]")).to_be_visible()
    chair.keyboard.press("Tab")
    assert dialog_focus(chair) == "confirm"
    chair.keyboard.press("Enter")
    expect(chair.locator("#vote-results .result")).to_be_visible()
    expect(chair.locator("#vote-controls")).to_be_hidden()
    assert chair.evaluate("() => !!document.activeElement.closest('#vote-panel')"), active(chair)
    audit(chair, "chair, after the vote", problems)

    # Adjourning asks too; Escape keeps the meeting going.
    tab_to(chair, "#session-adjourn")
    chair.keyboard.press("Enter")
    expect(chair.locator("dialog.confirm-dialog[open]")).to_be_visible()
    chair.keyboard.press("Escape")
    assert chair.evaluate("() => document.activeElement.id") == "session-adjourn"
    expect(chair.locator('[data-bind="phase"]')).not_to_have_attribute("data-phase", "adjourned")

    # The delegate leaves the seat: cancelled with Escape, then confirmed with Tab and Space.
    tab_to(phone, "#leave-seat")
    phone.keyboard.press("Enter")
    expect(phone.locator("dialog.confirm-dialog[open]")).to_be_visible()
    phone.keyboard.press("Escape")
    assert phone.evaluate("() => document.activeElement.id") == "leave-seat"
    assert phone.url.endswith("/delegate/")
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    assert dialog_focus(phone) == "confirm"
    phone.keyboard.press("Space")
    phone.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    phone.goto(f"{base}/delegate/")
    phone.wait_for_url("**/join/")

    assert not problems, report(problems)


def report(problems: list[str]) -> str:
    """Each problem once, with how many times it was seen."""
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem] = counts.get(problem, 0) + 1
    return "\n".join(f"{p} (x{n})" if n > 1 else p for p, n in counts.items())


@pytest.mark.django_db(transaction=True)
def test_phone_pages_are_reachable_by_keyboard_in_spanish(live_server_url, seeded, browser):
    """The same audit on a phone-sized screen in Spanish (a keyboard paired with a tablet)."""
    as_chair({"type": "rollcall.open"})
    me = seat(ME)
    as_chair({"type": "rollcall.mark", "seat": me.pk, "mark": "present_and_voting"})
    problems: list[str] = []
    phone = browser.new_context(viewport=PHONE, locale="es-ES").new_page()
    phone.goto(f"{live_server_url}/join/")
    audit(phone, "join (phone, es)", problems)
    join_by_keyboard(phone, me.join_code)
    audit(phone, "delegate, roll call (phone, es)", problems)
    chair = browser.new_context(viewport=PHONE, locale="es-ES").new_page()
    chair.goto(f"{live_server_url}/accounts/login/")
    log_in_by_keyboard(chair)
    audit(chair, "chair, roll call (phone, es)", problems)
    assert not problems, report(problems)
