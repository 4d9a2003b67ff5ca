"""The candidate's page keeps its promises under stress, in Chromium: two windows, a wrong
computer clock, a slow network at the deadline, offline across the deadline, a huge paste, every
widget by keyboard alone, and no serious accessibility violation at desktop and phone widths."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, Route, expect

from hireplay.core.lint import load_playbook
from hireplay.web.hiring import integrity, services
from hireplay.web.hiring.models import Answer, AssessmentSession, Candidate, LateSave, ScoreRecord
from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot
from tests.conftest import PLAYBOOKS

pytestmark = pytest.mark.django_db(transaction=True)


def _candidate(url: str, playbook: str = "account-manager-smb.yaml") -> tuple[Candidate, str]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    client = Organization.objects.create(name="Verdant", slug="verdant", kind=Organization.Kind.COMPANY, agency=agency)
    rita = User.objects.create_user("rita", "rita@example.com", "a long test password")
    Membership.objects.create(user=rita, organization=agency, role=Membership.Role.RECRUITER)
    opening = services.open_position(client, "Account Manager", load_playbook(PLAYBOOKS / playbook))
    candidate = Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    _, link, _ = services.invite(candidate, url)
    return candidate, link


@pytest.fixture
def smb(live_server: Any) -> tuple[Candidate, str]:
    return _candidate(live_server.url)


def _begin(page: Page, link: str) -> None:
    page.goto(link)
    page.get_by_role("button", name=re.compile("Start")).click()
    expect(page.locator("#time-left")).not_to_have_text("--:--")


def _settle(*pages: Page) -> None:
    """Leave the pages and let their last requests (a beacon of signals, a save) finish, so that no
    request is still writing when the test's database is emptied."""
    for page in pages:
        page.goto("about:blank")
    pages[0].wait_for_timeout(500)


def _saved(page: Page) -> None:
    expect(page.locator("#connection")).to_have_text("All answers saved.", timeout=15_000)


def _stored(item: str) -> Any:
    answer = Answer.objects.filter(item_id=item).first()
    return answer.value if answer else None


def _skew(minutes: float) -> str:
    """A script that moves this page's computer clock (Date.now and new Date) by `minutes`."""
    return (f"(() => {{ const off = {minutes * 60_000}; const RealDate = Date; const now = RealDate.now.bind(RealDate);"
            " class Skewed extends RealDate { constructor(...a) { super(...(a.length ? a : [now() + off])); } "
            " static now() { return now() + off; } } window.Date = Skewed; })();")  # fmt: skip


def test_two_windows_the_latest_change_wins_and_the_other_window_is_told(browser: Browser, smb: Any) -> None:
    _, link = smb
    context = browser.new_context()
    first = context.new_page()
    _begin(first, link)
    first.goto(first.url.replace("/s/1/", "/s/4/"))
    second = context.new_page()
    second.goto(first.url)
    for page in (first, second):  # the page's script is running (a click before it would not be seen)
        expect(page.locator("#time-left")).not_to_have_text("--:--")

    first.get_by_label("Account A").check()
    _saved(first)
    second.get_by_label("Account B").check()
    _saved(second)
    assert _stored("upsell-target") == "b"

    first.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(first.get_by_label("Account B")).to_be_checked()
    expect(first.locator("#upsell-target-status")).to_contain_text("changed in another window")
    first.reload()
    expect(first.get_by_label("Account B")).to_be_checked()
    _settle(*context.pages)
    context.close()


@pytest.mark.parametrize("minutes", [31, -31, 60, -60])
def test_a_wrong_computer_clock_changes_nothing(browser: Browser, smb: Any, minutes: int) -> None:
    _, link = smb
    context = browser.new_context()
    context.add_init_script(_skew(minutes))
    page = context.new_page()
    _begin(page, link)
    page.goto(page.url.replace("/s/1/", "/s/4/"))
    page.get_by_label("Account A").check()
    _saved(page)
    page.wait_for_timeout(1500)

    left = page.locator("#time-left").text_content() or ""
    assert re.fullmatch(r"(29|30):\d\d", left), left  # the server's 30 minutes, whatever the computer says
    assert AssessmentSession.objects.get().submitted_at is None
    assert _stored("upsell-target") == "a"
    _settle(*context.pages)
    context.close()


def test_at_the_deadline_a_slow_save_is_waited_for(browser: Browser, smb: Any) -> None:
    _, link = smb
    page = browser.new_page()
    _begin(page, link)
    AssessmentSession.objects.update(deadline=timezone.now() + timedelta(seconds=9))
    page.goto(page.url.replace("/s/1/", "/s/3/"))

    def slow(route: Route) -> None:
        time.sleep(2)
        route.continue_()

    page.route(re.compile(r".*/(save|submit)/$"), slow)
    words = "Dear Ms Marchetti, thank you for telling us about the invoice; finance confirms the error and we will credit five licences this week"
    page.get_by_label("Your answer").first.fill(words)
    expect(page.get_by_role("heading", name=re.compile("Thank you"))).to_be_visible(timeout=30_000)

    assert _stored("client-email") == words
    assert AssessmentSession.objects.get().submitted_at is not None
    _settle(page)
    page.close()


def test_offline_across_the_deadline_the_answers_arrive_late_for_review(
    browser: Browser, smb: Any, settings: Any
) -> None:
    settings.GRACE_SECONDS = 1
    candidate, link = smb
    context = browser.new_context()
    page = context.new_page()
    _begin(page, link)
    AssessmentSession.objects.update(deadline=timezone.now() + timedelta(seconds=6))
    page.goto(page.url.replace("/s/1/", "/s/4/"))
    context.set_offline(True)
    page.get_by_label("Account A").check()
    expect(page.locator("#connection")).to_contain_text("offline", timeout=10_000)
    page.wait_for_timeout(9000)  # the deadline and its grace pass while offline
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")

    expect(page.get_by_role("heading", name=re.compile("Thank you"))).to_be_visible(timeout=30_000)
    expect(page.locator("#waiting-status")).to_contain_text("kept, marked late", timeout=15_000)
    late = LateSave.objects.get()
    assert (late.item_id, late.value, late.status) == ("upsell-target", "a", "waiting")
    assert late.device_at is not None
    assert late.device_at < late.arrived_at
    assert _stored("upsell-target") is None

    staff = context.new_page()
    staff.goto(link.split("/a/")[0] + "/login/")
    staff.get_by_label("Username").fill("rita")
    staff.get_by_label("Password").fill("a long test password")
    staff.get_by_role("button", name="Sign in").click()
    staff.goto(link.split("/a/")[0] + f"/candidates/{candidate.pk}/")
    expect(staff.get_by_role("heading", name="Late answers (1)")).to_be_visible()
    staff.get_by_label("Why you accept or decline it").fill("The candidate's connection dropped before the end")
    staff.get_by_role("button", name="Accept").click()
    expect(staff.get_by_text("The late answer was accepted")).to_be_visible()
    assert _stored("upsell-target") == "a"
    screenshot(staff, "recruiter-late-answer-accepted")
    _settle(*context.pages)
    context.close()


def test_a_huge_paste_is_refused_with_the_limit_and_nothing_else_is_lost(browser: Browser, smb: Any) -> None:
    page = browser.new_page()
    _begin(page, smb[1])
    page.goto(page.url.replace("/s/1/", "/s/3/"))
    second = page.get_by_label("Your answer").nth(1)
    second.fill("Our reports are slow because the server is busy; we are adding capacity this week.")
    _saved(page)

    page.get_by_label("Your answer").first.fill("word " * 200_000)

    expect(page.locator("#client-email-status")).to_contain_text("too long to save: at most 64 kB", timeout=15_000)
    expect(page.locator("#connection")).to_contain_text("One answer was not saved")
    assert _stored("explain-plainly").startswith("Our reports are slow")
    page.reload()  # the refused answer stays on the device, still marked
    expect(page.locator("#client-email-status")).to_contain_text("Not saved")
    _settle(page)
    page.close()


def test_a_device_whose_storage_is_full_still_sends_the_answer(browser: Browser, smb: Any) -> None:
    context = browser.new_context()
    context.add_init_script(  # this device's storage refuses anything large
        "(() => { const real = Storage.prototype.setItem; Storage.prototype.setItem = function (k, v) {"
        " if (String(v).length > 2000) throw new DOMException('full', 'QuotaExceededError');"
        " return real.call(this, k, v); }; })();"
    )
    page = context.new_page()
    _begin(page, smb[1])
    page.goto(page.url.replace("/s/1/", "/s/3/"))
    text = "Thank you for your patience. " * 150

    page.get_by_label("Your answer").first.fill(text)

    _saved(page)  # said only once the server has it: it was held in the page while sent
    assert _stored("client-email") == text
    _settle(page)
    context.close()


def test_every_widget_works_by_keyboard_alone(browser: Browser, live_server: Any) -> None:
    _, link = _candidate(live_server.url, "account-manager-sme-portfolio.yaml")
    page = browser.new_page()
    _begin(page, link)

    # A top-3 ranking: three places, filled with the arrow keys; an option in one place cannot be
    # chosen in another.
    def choose(label: str, option: str) -> None:
        select = page.get_by_label(label, exact=True)
        select.focus()
        texts = select.evaluate("(s) => Array.from(s.options).map((o) => o.text)")
        key = "ArrowDown" if texts.index(option) > select.evaluate("(s) => s.selectedIndex") else "ArrowUp"
        for _ in texts:  # the arrow keys skip options that are disabled
            if select.evaluate("(s) => s.options[s.selectedIndex].text") == option:
                break
            page.keyboard.press(key)
        expect(select).to_have_js_property("selectedIndex", texts.index(option))

    choose("Place 1", "Imprimerie Lambert")
    choose("Place 2", "Pharmacie Lenoir")
    expect(page.get_by_label("Place 3").locator("option", has_text="Pharmacie Lenoir")).to_be_disabled()
    # The segmentation: one list per account, chosen from the keyboard.
    choose("dumont", "Develop")
    # A full ranking (its options in this candidate's own order): Up and Down, pressed with Enter.
    names = {"Pharmacie Lenoir": "p", "Imprimerie Lambert": "l", "Dumont Logistics": "d", "Atelier Verbeke": "v"}
    shown = [
        names[t.split(":")[0]] for t in page.locator("#item-revenue-at-risk ol.reorder .entry").all_text_contents()
    ]
    third = next(k for k, v in names.items() if v == shown[2])
    page.get_by_role("button", name=re.compile(f"^Move up: {third}")).focus()
    page.keyboard.press("Enter")
    _saved(page)

    assert _stored("call-first") == ["lambert", "lenoir"]
    assert _stored("segment-portfolio")["develop"] == ["dumont"]
    assert "dumont" not in _stored("segment-portfolio")["unsorted"]
    assert _stored("revenue-at-risk") == [shown[0], shown[2], shown[1], shown[3]]
    # The portfolio table sorts by a column from the keyboard: the renewal nearest first.
    page.get_by_role("button", name="Renewal in (months)").press("Enter")
    expect(page.locator("#table-portfolio tbody tr").first).to_contain_text("Imprimerie Lambert")
    expect(page.locator("#table-portfolio th").nth(4)).to_have_attribute("aria-sort", "ascending")

    # Situational judgment, with the space bar: the response picked as most effective cannot also
    # be the least; a multiple response, with the space bar too.
    page.get_by_role("link", name="Next section").click()
    expect(page.locator("#time-left")).not_to_have_text("--:--")  # the new page's scripts have run
    page.get_by_label(re.compile("^Most effective: Call the client now")).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label(re.compile("^Most effective: Call the client now"))).to_be_checked()
    # expect() waits for the page's script; a bare is_disabled() raced it on a loaded machine.
    expect(page.get_by_label(re.compile("^Least effective: Call the client now"))).to_be_disabled()
    page.get_by_label(re.compile("^Orders have shrunk")).focus()
    page.keyboard.press("Space")
    _saved(page)
    assert _stored("sjt-urgent-disruption") == {"most": "b"}
    assert _stored("disengagement-signals") == ["b"]
    _settle(page)
    page.close()


def test_a_new_browser_midway_shows_the_answers_and_the_same_deadline(browser: Browser, smb: Any) -> None:
    first = browser.new_context()
    page = first.new_page()
    _begin(page, smb[1])
    page.goto(page.url.replace("/s/1/", "/s/4/"))
    page.get_by_label("Account C").check()
    _saved(page)
    deadline = page.locator("#assessment").get_attribute("data-deadline")
    _settle(page)
    first.close()

    second = browser.new_context()  # another browser: nothing on the device
    other = second.new_page()
    other.goto(smb[1])
    other.get_by_role("link", name="Continue the assessment").click()
    other.goto(other.url.replace("/s/1/", "/s/4/"))
    expect(other.get_by_label("Account C")).to_be_checked()
    assert other.locator("#assessment").get_attribute("data-deadline") == deadline
    _settle(other)
    second.close()


def test_the_record_tasks_are_forms_not_json(browser: Browser, smb: Any) -> None:
    page = browser.new_page()
    _begin(page, smb[1])
    page.goto(page.url.replace("/s/1/", "/s/2/"))
    assert page.locator("textarea.code").count() == 0
    crm = page.locator("#item-crm-entry")
    crm.get_by_label("Renewal date").fill("2027-07-30")
    crm.get_by_label("Seats from april").fill("15")
    crm.get_by_label("Billing email").fill("accounts@lumendental.example")
    plan = page.locator("#item-account-plan-update")
    plan.get_by_label("Active users").check()
    _saved(page)  # the saves so far are answered (and the record drawn again) before the list is reordered
    plan.get_by_role("button", name="Move up: Anna · Berg · Finance Manager").press("Enter")
    _saved(page)

    record = _stored("crm-entry")
    assert (record["renewal_date"], record["seats_from_april"], record["seats"]) == ("2027-07-30", 15, 12)
    assert record["billing_email"] == "accounts@lumendental.example"
    plan_record = _stored("account-plan-update")
    assert plan_record["highlighted"] == ["active_users"]
    assert [s["last_name"] for s in plan_record["stakeholders"]] == ["Berg", "Demir", "Ruiz", "Lin"]
    screenshot(page, "candidate-record-forms")
    _settle(page)
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violation_on_any_candidate_page(browser: Browser, smb: Any, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(smb[1])
    pages = ["landing"]
    _check(page, "landing")
    page.get_by_role("button", name=re.compile("Start")).click()
    for index in range(1, 5):
        page.goto(re.sub(r"/s/\d+/", f"/s/{index}/", page.url))
        expect(page.locator("#time-left")).not_to_have_text("--:--")
        box = page.locator(".sticky-bar").bounding_box()
        page.mouse.wheel(0, 3000)
        page.wait_for_timeout(200)
        assert page.locator(".sticky-bar").bounding_box()["y"] <= 1, "the timer scrolled away"  # type: ignore[index]
        assert box is not None
        _check(page, f"section {index}")
        pages.append(f"section {index}")
    screenshot(page, f"candidate-section-4-{width}")
    assert len(pages) == 5
    _settle(page)
    page.close()


def _check(page: Page, name: str) -> None:
    results = Axe().run(page)
    serious = [
        f"{v['id']}: {v['help']}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}: " + "; ".join(serious)


def test_a_paste_and_a_quick_answer_are_recorded_as_facts(browser: Browser, smb: Any) -> None:
    _, link = smb
    page = browser.new_page()
    _begin(page, link)
    page.goto(page.url.replace("/s/1/", "/s/4/"))
    page.get_by_label("Account A").check()  # at once: well under the floor for a choice
    page.goto(page.url.replace("/s/4/", "/s/3/"))  # leaving sends the signals (a beacon)
    page.locator("#client-email-text").evaluate(
        "(area) => { const data = new DataTransfer(); data.setData('text/plain', 'x'.repeat(300));"
        " area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true})); }"
    )
    page.goto(page.url.replace("/s/3/", "/s/1/"))
    page.wait_for_timeout(500)

    facts = [f.sentence for f in integrity.facts(AssessmentSession.objects.get().pk, load_playbook(
        PLAYBOOKS / "account-manager-smb.yaml"))]  # fmt: skip
    assert "Pasted into “Reply to a client” once, 300 characters in all." in facts
    assert any(f.startswith("Answered “Where to spend an upsell week”") for f in facts)
    assert ScoreRecord.objects.count() == 0  # facts, not a verdict: nothing is scored or decided from them
    _settle(page)
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_each_language_reads_well_and_has_no_serious_violation(
    browser: Browser, live_server: Any, language: str, width: int
) -> None:
    _, link = _candidate(live_server.url, "account-manager-sme-portfolio.yaml")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(link)
    _check(page, f"{language} landing")
    page.locator(f"button[name=language][value={language}]").click()  # switched on the page
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("form[action$='/start/'] button").click()
    expect(page.locator("#time-left")).not_to_have_text("--:--")
    for index in range(1, 4):
        page.goto(re.sub(r"/s/\d+/", f"/s/{index}/", page.url))
        expect(page.locator("html")).to_have_attribute("lang", language)
        _check(page, f"{language} section {index}")
    saved = {"fr": "Toutes les réponses sont enregistrées.", "nl": "Alle antwoorden zijn opgeslagen."}[language]
    page.locator("input[inputmode=decimal]").first.fill("33120")
    expect(page.locator("#connection")).to_have_text(saved, timeout=15_000)
    assert AssessmentSession.objects.get().language == language
    screenshot(page, f"candidate-{language}-{width}")
    _settle(*context.pages)
    context.close()
