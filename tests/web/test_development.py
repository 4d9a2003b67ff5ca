"""Internal people against a target role in the web app (docs/development.md): the manager's and
the person's ratings, blind to each other until both are in; the gaps with their reasons; the
plan, its progress and signatures; reassessment; the team's readiness; the personal link; erasure.
Every change is an audit event."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hireplay.core.lint import load_playbook
from hireplay.shipped import EXAMPLES_DIR
from hireplay.web.audit.log import check as check_log
from hireplay.web.audit.models import AuditEvent
from hireplay.web.development import services
from hireplay.web.development.models import GapRecord, Person, Plan, RatingSheet, TeamGap
from hireplay.web.flows.demo_development import ensure_team
from hireplay.web.hiring.models import AssessmentSession, JobOpening, PlaybookVersion, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from hireplay.web.orgs.models import Membership, Organization
from tests.conftest import PLAYBOOKS
from tests.web.conftest import Cast

SAM = services.transitions()["salesperson-to-sam"].target
# Noor, as her manager sees her: strong product knowledge, good negotiation, a short-term focus and
# no strategic account planning.
NOOR = {c.id: "3" for c in SAM.competencies} | {
    "knowledge": "5", "negotiation-communication": "4", "short-term-orientation": "5", "strategic-vision": "1",
    "emotional-intelligence": "4", "creativity": "4", "intrapreneurship": "4",
}  # fmt: skip


@pytest.fixture
def org(cast: Cast, opening: JobOpening) -> Organization:
    return opening.organization


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add(client: Client, org: Organization, manager: Any, name: str = "Noor Vermeulen", **extra: str) -> Person:
    response = client.post("/development/people/new/", {"org": org.slug, "name": name, "email": "noor@example.com",
                                                        "manager": manager.pk, "transition": "salesperson-to-sam", **extra})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    return Person.objects.get(name=name)


def _rate(client: Client, person: Person, levels: dict[str, str], do: str = "submit") -> Any:
    return client.post(f"/development/people/{person.pk}/rate/", {**levels, "do": do})


def test_the_manager_rates_blind_then_the_gaps_are_found_with_their_reasons(cast: Cast, org: Organization) -> None:
    alice, hana = _client(cast.alice), _client(cast.hana)
    noor = _add(alice, org, cast.hana)

    draft = _rate(hana, noor, {"strategic-vision": "1", "note-strategic-vision": "No account plan yet."}, do="draft")
    seen_by_alice = alice.get(f"/development/people/{noor.pk}/").content.decode()
    incomplete = _rate(hana, noor, {"strategic-vision": "1"})
    submitted = _rate(hana, noor, NOOR)
    page = alice.get(f"/development/people/{noor.pk}/").content.decode()

    assert draft.status_code == 302
    assert "a draft, not submitted" in seen_by_alice
    assert "No account plan yet." not in seen_by_alice
    assert incomplete.status_code == 400
    assert "Not submitted: 11 competencies need a level (marked below)." in incomplete.content.decode()
    assert submitted.status_code == 302
    gaps = {g.competency: g for g in GapRecord.objects.filter(review__person=noor)}
    assert gaps["strategic-vision"].verdict == "acquire"
    assert gaps["strategic-vision"].level == 1
    assert gaps["short-term-orientation"].verdict == "unlearn"
    assert gaps["customer-orientation"].verdict == "reinforce"
    assert gaps["knowledge"].verdict == "ready"
    assert "Strategic vision: required at level 4, shown at 1 (manager 1): 3 levels short, to acquire." in page
    assert "above the role&#x27;s ceiling of 2: a habit to unlearn" in page
    noor.refresh_from_db()
    assert (noor.gap_count, noor.unlearn, noor.top_gap) == (7, True, "strategic-vision")
    event = AuditEvent.objects.filter(action="development.rated").get()
    payload = json.loads(event.payload)
    assert (event.actor, event.subject, payload["source"], payload["gaps"]) == (
        "user:hana",
        f"person:{noor.pk}",
        "manager",
        7,
    )
    assert check_log().intact


def test_the_self_rating_stays_hidden_from_the_manager_until_their_own_is_in(cast: Cast, org: Organization) -> None:
    hana = _client(cast.hana)
    noor = _add(_client(cast.alice), org, cast.hana)
    token = services.issue_link(noor, "user:alice")
    me = Client()

    preview = me.post(f"/me/{token}/", {**NOOR, "strategic-vision": "3", "do": "preview"})
    kept_after_preview = RatingSheet.objects.filter(source="self").count()
    shared = me.post(f"/me/{token}/", {**NOOR, "strategic-vision": "3", "do": "share"})
    before = hana.get(f"/development/people/{noor.pk}/").content.decode()
    person_before = me.get(f"/me/{token}/").content.decode()
    _rate(hana, noor, NOOR)
    after = hana.get(f"/development/people/{noor.pk}/").content.decode()
    person_after = me.get(f"/me/{token}/").content.decode()

    assert preview.status_code == 200
    assert "Where you stand, by your own reading (not kept)" in preview.content.decode()
    assert kept_after_preview == 0
    assert shared.status_code == 302
    assert "it shows once the manager's ratings are in" in before
    assert "self-rating 3" not in before
    assert "Your manager has not submitted their ratings yet" in person_before
    assert "manager 1, self-rating 3" in after
    # The person's own 3 never decides alone: the level shown is the manager's 1.
    assert GapRecord.objects.get(review__person=noor, competency="strategic-vision").level == 1
    assert "Where you stand" in person_after
    assert "manager 1, self-rating 3" in person_after
    assert AuditEvent.objects.filter(action="development.rated", actor=f"person:{noor.pk}").count() == 1


def test_a_plan_is_made_refuses_what_does_not_belong_and_is_signed_by_both(cast: Cast, org: Organization) -> None:
    hana, alice = _client(cast.hana), _client(cast.alice)
    noor = _add(alice, org, cast.hana)
    _rate(hana, noor, NOOR)

    made = alice.post(f"/development/people/{noor.pk}/plan/", {"do": "make", "start": "2027-01-04"})
    plan = Plan.objects.get(person=noor)
    steps = list(plan.steps.values_list("action", "kind", "owner"))
    for_the_habit = [
        kind for kind, serves in plan.steps.values_list("kind", "serves") if "short-term-orientation" in serves
    ]
    no_gap = alice.post(f"/development/people/{noor.pk}/plan/", {"do": "add", "action": "product-update",
                                                                  "competency": "knowledge"})  # fmt: skip
    course_for_habit = alice.post(f"/development/people/{noor.pk}/plan/", {
        "do": "add", "action": "account-planning-course", "competency": "short-term-orientation"})  # fmt: skip
    hana.post(f"/development/people/{noor.pk}/plan/", {"do": "sign"})
    token = services.issue_link(noor, "user:alice")
    Client().post(f"/me/{token}/", {"do": "sign"})
    plan.refresh_from_db()
    signed = (plan.signed_by_person_at is not None, plan.signed_by_manager_at is not None)
    alice_sign = alice.post(f"/development/people/{noor.pk}/plan/", {"do": "sign"}, follow=True)
    step = plan.steps.first()
    assert step is not None
    progress = alice.post(f"/development/people/{noor.pk}/plan/", {"do": "step", "step": step.pk, "status": "done",
                                                                    "progress": "Course taken on 12 January."})  # fmt: skip
    pdf = alice.get(f"/development/people/{noor.pk}/plan.pdf")

    assert made.status_code == 302
    assert steps[0][0] == "account-planning-course"  # strategic vision first
    assert ("long-view-commitment", "commitment", "person") in steps  # a personal commitment for the habit
    assert for_the_habit
    assert "course" not in for_the_habit
    assert plan.reassess_on is not None
    assert plan.reassess_on > date(2027, 1, 4)
    assert no_gap.status_code == 400
    assert "Not added: Customer and product knowledge shows no gap (ready)" in no_gap.content.decode()
    assert course_for_habit.status_code == 400
    assert "does not develop Short-term sales drive" in course_for_habit.content.decode()
    assert signed == (True, True)
    assert "Only the person&#x27;s manager signs the plan as manager." in alice_sign.content.decode()
    assert progress.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.progress) == ("done", "Course taken on 12 January.")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    actions = list(AuditEvent.objects.filter(subject=f"person:{noor.pk}").values_list("action", flat=True))
    assert actions.count("development.plan_signed") == 2
    assert "development.plan_made" in actions
    assert "development.plan_changed" in actions


def test_a_change_after_signing_asks_for_both_signatures_again(cast: Cast, org: Organization) -> None:
    hana, alice = _client(cast.hana), _client(cast.alice)
    noor = _add(alice, org, cast.hana)
    _rate(hana, noor, NOOR)
    alice.post(f"/development/people/{noor.pk}/plan/", {"do": "make", "start": "2027-01-04"})
    hana.post(f"/development/people/{noor.pk}/plan/", {"do": "sign"})

    added = alice.post(f"/development/people/{noor.pk}/plan/", {"do": "add", "action": "strategy-reading",
                                                                 "competency": "strategic-vision"})  # fmt: skip
    plan = Plan.objects.get(person=noor)

    assert added.status_code == 302, added.content.decode()[-3000:]
    assert plan.signed_by_manager_at is None
    assert plan.steps.filter(action="strategy-reading").exists()


def test_a_reassessment_shows_the_change_per_competency(cast: Cast, org: Organization) -> None:
    hana, alice = _client(cast.hana), _client(cast.alice)
    noor = _add(alice, org, cast.hana)
    _rate(hana, noor, NOOR)
    alice.post(f"/development/people/{noor.pk}/plan/", {"do": "reassess", "due": "2027-09-27"})
    _rate(hana, noor, NOOR | {"strategic-vision": "3", "short-term-orientation": "2"})

    page = alice.get(f"/development/people/{noor.pk}/").content.decode()
    noor.refresh_from_db()

    assert noor.latest is not None
    assert noor.latest.number == 2
    assert "Round 1: 1; Round 2: 3" in page  # strategic vision, in the chart's figures
    assert "Round 1: 5; Round 2: 2" in page  # the short-term habit, now within its ceiling
    assert "<svg" in page
    assert "<polyline" in page
    assert noor.gap_count == 6
    assert not noor.unlearn
    assert AuditEvent.objects.filter(action="development.reassessment_opened").count() == 1


def test_evidence_from_the_candidate_record_counts_in_the_first_round(cast: Cast, org: Organization) -> None:
    sam = JobOpening.objects.create(organization=org, title="SAM", playbook=_sam_pinned())
    candidate = sam.candidates.create(name="Noor Vermeulen", email="noor@example.com")
    question = next(q for q in sam.playbook.to_core().interview.questions if "strategic-vision" in q.competencies)
    Scorecard.objects.create(candidate=candidate, interviewer=cast.ivan, ratings={question.id: 2},
                             submitted_at="2026-11-20T10:00:00Z")  # fmt: skip
    session = AssessmentSession.objects.create(candidate=candidate, seed=1, started_at=timezone.now(),
                                               deadline=timezone.now(), submitted_at=timezone.now())  # fmt: skip
    ScoreRecord.objects.create(session=session, playbook_hash="x", engine_version="x",
                               report={"competencies": [{"id": "knowledge", "score": 87.5}]})  # fmt: skip
    hana, alice = _client(cast.hana), _client(cast.alice)
    noor = _add(alice, org, cast.hana, candidate=str(candidate.pk))
    _rate(hana, noor, NOOR)

    gap = GapRecord.objects.get(review__person=noor, competency="strategic-vision")
    assert gap.sources == [["interview", 2.0], ["manager", 1.0]]
    assert gap.level == 1.5
    # The assessment's 87.5 of 100 is 4.5 on the 1 to 5 scale, beside the manager's 5.
    assert GapRecord.objects.get(review__person=noor, competency="knowledge").sources == [
        ["assessment", 4.5],
        ["manager", 5.0],
    ]


def _sam_pinned() -> Any:
    return PlaybookVersion.pin(load_playbook(PLAYBOOKS / "strategic-account-manager.yaml"))


def test_bad_input_is_named_beside_its_field_and_nothing_is_stored(cast: Cast, org: Organization) -> None:
    alice = _client(cast.alice)

    refused = alice.post("/development/people/new/", {"org": org.slug, "name": "", "email": "not-an-address",
                                                       "manager": "999999", "transition": "nope", "candidate": "abc"})  # fmt: skip
    text = refused.content.decode()

    assert refused.status_code == 400
    for field in ("name", "email", "manager", "transition", "candidate"):
        assert f'id="{field}-error"' in text
    assert Person.objects.count() == 0


def test_who_may_see_and_change_what(cast: Cast, org: Organization) -> None:
    noor = _add(_client(cast.alice), org, cast.hana)
    mallory, ivan, alice = _client(cast.mallory), _client(cast.ivan), _client(cast.alice)

    assert mallory.get(f"/development/people/{noor.pk}/").status_code == 404  # another organisation
    assert ivan.get(f"/development/people/{noor.pk}/").status_code == 404  # not staff, not her manager
    assert alice.post(f"/development/people/{noor.pk}/rate/", NOOR).status_code == 403  # not her manager
    assert alice.post(f"/development/people/{noor.pk}/erase/", {"confirm": "erase"}).status_code == 403  # not admin
    assert Client().get("/development/").status_code == 302  # sign in first
    assert Client().get("/me/not-a-real-token/").status_code == 404
    assert RatingSheet.objects.count() == 0


def test_erasure_removes_the_name_notes_and_link_and_the_log_still_verifies(cast: Cast, org: Organization) -> None:
    admin = User.objects.create_user("ada", "ada@example.com", "a long test password")
    Membership.objects.create(user=admin, organization=org, role=Membership.Role.ADMIN)
    hana = _client(cast.hana)
    noor = _add(_client(cast.alice), org, cast.hana)
    _rate(hana, noor, NOOR | {"note-knowledge": "Knows every product line by heart."})
    token = services.issue_link(noor, "user:alice")

    unconfirmed = _client(admin).post(f"/development/people/{noor.pk}/erase/", {}, follow=True)
    erased = _client(admin).post(f"/development/people/{noor.pk}/erase/", {"confirm": "erase"})
    noor.refresh_from_db()

    assert "nothing was erased" in unconfirmed.content.decode()
    assert erased.status_code == 302
    assert (noor.name, noor.email) == ("(erased)", "")
    assert RatingSheet.objects.get(review__person=noor).notes == {}
    assert Client().get(f"/me/{token}/").status_code == 404
    assert hana.get(f"/development/people/{noor.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="development.person_erased", subject=f"person:{noor.pk}").exists()
    assert "Noor" not in "".join(str(e.payload) for e in AuditEvent.objects.all())
    audit = _client(admin).get("/audit/").content.decode()
    assert "ada erased the personal data of" in audit
    assert "submitted the manager&#x27;s ratings of" in audit or "submitted the manager's ratings of" in audit
    assert "an erased person" in audit
    assert f'href="/development/people/{noor.pk}/"' in audit
    assert check_log().intact


def test_a_new_personal_link_ends_the_old_one(cast: Cast, org: Organization) -> None:
    noor = _add(_client(cast.alice), org, cast.hana)
    first = services.issue_link(noor, "user:alice")
    second = services.issue_link(noor, "user:alice")

    assert Client().get(f"/me/{first}/").status_code == 404
    assert Client().get(f"/me/{second}/").status_code == 200


def test_the_organisations_catalogue_is_checked_located_and_used_by_new_plans(cast: Cast, org: Organization) -> None:
    admin = User.objects.create_user("ada", "ada@example.com", "a long test password")
    Membership.objects.create(user=admin, organization=org, role=Membership.Role.ADMIN)
    ada = _client(admin)
    good = (services.FRAMEWORKS_DIR / "development-actions.yaml").read_text(encoding="utf-8")
    own = good.replace("Strategic account planning (two-day course", "Our own account planning academy (three days")
    broken = own.replace(
        "competencies: [strategic-vision, anticipating-needs]", "competencies: [strategic-vision, telepathy]", 1
    )

    refused = ada.post(f"/development/catalogue/?org={org.slug}", {"org": org.slug, "text": broken})
    saved = ada.post(f"/development/catalogue/?org={org.slug}", {"org": org.slug, "text": own})
    hana = _client(cast.hana)
    noor = _add(_client(cast.alice), org, cast.hana)
    _rate(hana, noor, NOOR)
    _client(cast.alice).post(f"/development/people/{noor.pk}/plan/", {"do": "make", "start": "2027-01-04"})

    assert refused.status_code == 400
    assert "&#x27;telepathy&#x27; is a competency of no framework" in refused.content.decode()
    assert saved.status_code == 302
    assert Plan.objects.get(person=noor).steps.filter(title__startswith="Our own account planning academy").exists()
    assert _client(cast.alice).get(f"/development/catalogue/?org={org.slug}").status_code == 403


def test_the_team_page_ranks_reads_columns_and_costs_the_same_at_any_size(cast: Cast, org: Organization) -> None:
    hana, alice = _client(cast.hana), _client(cast.alice)
    for i in range(3):
        _rate(hana, _add(alice, org, cast.hana, name=f"Person {i}"), NOOR | {"strategic-vision": str(3 + i % 3)})

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice.get(f"/development/?org={org.slug}").status_code == 200
        return len(queries)

    small = cost()
    for i in range(3, 40):
        person = services.add_person(org, f"Person {i}", "", cast.hana, "salesperson-to-sam", "user:alice")
        services.save_sheet(services.current_review(person), "manager", {k: int(v) for k, v in NOOR.items()}, {},
                            "user:hana", cast.hana, submit=True)  # fmt: skip
    large = cost()
    page = alice.get(f"/development/?org={org.slug}").content.decode()
    exported = alice.get(f"/development/?org={org.slug}&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))  # type: ignore[attr-defined]

    assert large == small
    assert rows[0][:5] == ["rank", "person", "manager", "ready_in", "gaps"]
    # Strategic vision at 4 and 5 meet the role's 4 (ties by name); at 3 it is a gap: Person 0 comes after.
    assert len(rows) == 41
    assert [r[1] for r in rows[1:3]] == ["Person 1", "Person 2"]
    assert [r[1] for r in rows].index("Person 0") > 2
    assert "What the team lacks most" in page
    assert "Which actions would close the most gaps" in page


def test_not_seen_yet_counts_as_never_shown(cast: Cast, org: Organization) -> None:
    hana = _client(cast.hana)
    noor = _add(_client(cast.alice), org, cast.hana)

    _rate(hana, noor, NOOR | {"networking": "0"})

    gap = GapRecord.objects.get(review__person=noor, competency="networking")
    assert (gap.verdict, gap.level) == ("acquire", None)
    assert "never shown (no rating yet): to acquire" in gap.why


def test_ratings_import_like_the_command_line_or_not_at_all(cast: Cast, org: Organization) -> None:
    alice = _client(cast.alice)
    good = (EXAMPLES_DIR / "development" / "team-ratings.csv").read_bytes()
    bad = good + b"Noor Vermeulen,telepathy,manager,9,\n"

    def send(content: bytes) -> Any:
        upload = SimpleUploadedFile("team.csv", content, content_type="text/csv")
        return alice.post("/development/people/import/", {"org": org.slug, "file": upload, "manager": cast.hana.pk,
                                                           "transition": "salesperson-to-sam"})  # fmt: skip

    refused = send(bad)
    nothing = Person.objects.count()
    imported = send(good)
    again = send(good)
    noor = Person.objects.get(name="Noor Vermeulen")
    text = refused.content.decode()

    assert refused.status_code == 400
    line = good.count(b"\n") + 1  # the line added to the good file
    assert f"team.csv:{line}: competency: &#x27;telepathy&#x27; is not a competency" in text
    assert f"team.csv:{line}: level: 9 is outside 1 to 5" in text
    assert nothing == 0
    assert imported.status_code == 302
    assert Person.objects.count() == 4
    # As the command line finds them (docs/development.md): the self-rating never decides alone.
    gap = GapRecord.objects.get(review__person=noor, competency="strategic-vision")
    assert (gap.level, gap.verdict) == (1.25, "acquire")
    assert GapRecord.objects.get(review__person=noor, competency="short-term-orientation").verdict == "unlearn"
    assert again.status_code == 400
    assert "the manager ratings of round 1 are already submitted" in again.content.decode()


def test_the_demo_team_holds_the_worked_example_and_noors_plan(cast: Cast, org: Organization) -> None:
    ensure_team(org, cast.hana, cast.alice, date(2026, 12, 30))

    noor = Person.objects.get(name="Noor Vermeulen")
    plan = Plan.objects.get(person=noor)

    assert noor.gap_count == 7
    assert plan.steps.order_by("position").first().action == "account-planning-course"  # type: ignore[union-attr]
    assert plan.steps.order_by("position").first().start == date(2027, 1, 4)  # type: ignore[union-attr]
    assert Person.objects.filter(organization=org).order_by("gap_count", "gap_levels").first().name == "Jonas Maes"  # type: ignore[union-attr]


def test_text_no_person_needs_is_refused_where_it_was_typed_and_nothing_is_stored(
    cast: Cast, org: Organization
) -> None:
    """A NUL or a broken character would fail on PostgreSQL: every text field refuses it first."""
    alice, hana = _client(cast.alice), _client(cast.hana)
    named = alice.post("/development/people/new/", {"org": org.slug, "name": "Noor\x00", "manager": cast.hana.pk,
                                                     "transition": "salesperson-to-sam"})  # fmt: skip
    noor = _add(alice, org, cast.hana)
    noted = _rate(hana, noor, NOOR | {"note-knowledge": "Knows\x00 it all"})
    _rate(hana, noor, NOOR)
    alice.post(f"/development/people/{noor.pk}/plan/", {"do": "make", "start": "2027-01-04"})
    step = Plan.objects.get(person=noor).steps.first()
    assert step is not None
    progressed = alice.post(f"/development/people/{noor.pk}/plan/", {"do": "step", "step": step.pk, "status": "done",
                                                                      "progress": "x" * 2001})  # fmt: skip
    upload = SimpleUploadedFile("team.csv", b"person,competency,source,level,note\nBad\x00Name,knowledge,manager,3,\n")
    imported = alice.post("/development/people/import/", {"org": org.slug, "file": upload, "manager": cast.hana.pk,
                                                           "transition": "salesperson-to-sam"})  # fmt: skip

    assert named.status_code == 400
    assert 'id="name-error"' in named.content.decode()
    assert noted.status_code == 400
    assert 'id="knowledge-error"' in noted.content.decode()
    assert RatingSheet.objects.get(review__person=noor).notes == {}
    assert progressed.status_code == 400
    assert (f'<span class="error" id="progress-{step.pk}-error">Nothing was changed: the note of progress is longer '
            "than 2,000 characters") in progressed.content.decode()  # fmt: skip
    step.refresh_from_db()
    assert (step.status, step.progress) == ("planned", "")
    assert imported.status_code == 400
    assert "team.csv:2: person: the name holds a NUL character" in imported.content.decode()
    assert Person.objects.count() == 1


def test_the_teams_running_counts_match_a_recount_after_every_kind_of_change(cast: Cast, org: Organization) -> None:
    admin = User.objects.create_user("ada", "ada@example.com", "a long test password")
    Membership.objects.create(user=admin, organization=org, role=Membership.Role.ADMIN)
    hana, alice = _client(cast.hana), _client(cast.alice)
    people = [_add(alice, org, cast.hana, name=f"Person {i}") for i in range(4)]
    for i, person in enumerate(people):
        _rate(hana, person, NOOR | {"strategic-vision": str(1 + i)})
    alice.post(f"/development/people/{people[0].pk}/plan/", {"do": "reassess"})
    _rate(hana, people[0], NOOR | {"strategic-vision": "4", "networking": "4"})  # a second round replaces the first
    services.save_sheet(services.current_review(people[1]), "self", {"networking": 5}, {}, f"person:{people[1].pk}",
                        None, submit=True)  # the self-rating comes in after the manager's: found again  # fmt: skip
    _client(admin).post(f"/development/people/{people[2].pk}/erase/", {"confirm": "erase"})

    def counts() -> list[tuple[str, str, int, float]]:
        return sorted((t.competency, t.trainability, t.people, round(t.levels, 2))
                      for t in TeamGap.objects.filter(organization=org) if t.people)  # fmt: skip

    running = counts()
    services.rebuild_team_counts(org.pk)

    assert running == counts()
    # Strategic vision (required 4): Person 0 now at 4, Person 1 at 2, Person 2 erased, Person 3 at 4.
    assert {c: n for c, _, n, _ in running}["strategic-vision"] == 1


def test_a_round_opens_only_after_the_last_is_rated_and_a_date_must_be_a_date(cast: Cast, org: Organization) -> None:
    hana, alice = _client(cast.hana), _client(cast.alice)
    noor = _add(alice, org, cast.hana)

    early = alice.post(f"/development/people/{noor.pk}/plan/", {"do": "reassess"}, follow=True)
    _rate(hana, noor, NOOR)
    bad_date = alice.post(f"/development/people/{noor.pk}/plan/", {"do": "make", "start": "2027-02-30"}, follow=True)
    alice.post(f"/development/people/{noor.pk}/plan/", {"do": "make", "start": "2027-01-04"})
    alice.post(f"/development/people/{noor.pk}/plan/", {"do": "reassess", "due": "2027-09-27"})
    _rate(hana, noor, NOOR | {"strategic-vision": "4"})
    page = alice.get(f"/development/people/{noor.pk}/").content.decode()
    alice.post(f"/development/people/{noor.pk}/plan/", {"do": "make", "start": "2027-10-04"})

    assert "The current round is not rated yet" in early.content.decode()
    assert bad_date.status_code == 400
    assert (
        '<span class="error" id="start-error">This is not a date of the calendar (write it as 2027-01-04)'
        in bad_date.content.decode()
    )
    assert 'aria-describedby="start-error"' in bad_date.content.decode()
    assert "This plan was made from an earlier round. Round 2 is rated" in page
    plans = list(Plan.objects.filter(person=noor).order_by("pk"))
    assert len(plans) == 2  # the first stays in the record
    assert plans[1].review.number == 2
    assert not plans[1].steps.filter(competency="strategic-vision").exists()  # ready now


def test_the_person_reads_their_page_in_the_language_they_choose(cast: Cast, org: Organization) -> None:
    noor = _add(_client(cast.alice), org, cast.hana)
    token = services.issue_link(noor, "user:alice")
    me = Client()

    chosen = me.post(f"/me/{token}/", {"do": "language", "language": "nl"})
    page = me.get(f"/me/{token}/")

    assert chosen.status_code == 302
    assert page["Content-Language"] == "nl"
    assert "Beoordeel uzelf" in page.content.decode()


def test_in_a_reassessment_the_person_sees_the_new_ratings_only_after_sharing_their_own(
    cast: Cast, org: Organization
) -> None:
    hana, alice = _client(cast.hana), _client(cast.alice)
    noor = _add(alice, org, cast.hana)
    token = services.issue_link(noor, "user:alice")
    _rate(hana, noor, NOOR)
    alice.post(f"/development/people/{noor.pk}/plan/", {"do": "make", "start": "2027-01-04"})
    alice.post(f"/development/people/{noor.pk}/plan/", {"do": "reassess"})
    _rate(hana, noor, NOOR | {"strategic-vision": "4"})  # round 2: the manager now sees her at 4

    before = Client().get(f"/me/{token}/").content.decode()
    Client().post(f"/me/{token}/", {**NOOR, "do": "share"})
    after = Client().get(f"/me/{token}/").content.decode()

    assert "manager 4" not in before
    assert "Round 2: 4" not in before
    assert "manager 4, self-rating 1" in after
    assert "Round 1: 1; Round 2: 4" in after


def test_each_page_costs_the_same_queries_with_5_people_as_with_5000(cast: Cast, org: Organization) -> None:
    big = Organization.objects.create(name="Big", slug="big", kind=Organization.Kind.COMPANY)
    Membership.objects.create(user=cast.hana, organization=big, role=Membership.Role.HIRING_MANAGER)
    hana = _client(cast.hana)
    shown = {}
    for place, size in ((org, 5), (big, 5000)):
        first = services.add_person(place, "First", "", cast.hana, "salesperson-to-sam", "user:hana")
        services.save_sheet(services.current_review(first), "manager", {k: int(v) for k, v in NOOR.items()}, {},
                            "user:hana", cast.hana, submit=True)  # fmt: skip
        first.refresh_from_db()
        assert first.latest is not None
        services.make_plan(first, first.latest, date(2027, 1, 4), cast.hana)
        Person.objects.bulk_create([Person(organization=place, name=f"P{n:05d}", manager=cast.hana, unrated=False,
                                           gap_count=n % 12, gap_levels=n % 7, ready_in=12 - n % 12)
                                    for n in range(size - 1)], batch_size=2000)  # fmt: skip
        shown[place.slug] = (first, services.issue_link(first, "user:hana"))

    def cost(path: str, client: Client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    for page in ("/development/?org={slug}", "/development/?org={slug}&page=last",
                 "/development/people/{pk}/", "/me/{token}/"):  # fmt: skip
        costs = [cost(page.format(slug=slug, pk=first.pk, token=token), Client() if "/me/" in page else hana)
                 for slug, (first, token) in shown.items()]  # fmt: skip
        assert costs[0] == costs[1], page
