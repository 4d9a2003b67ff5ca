"""Every page and API route against the cast: nobody sees what is not theirs.

Alice recruits for Verdant through the agency; Ivan only interviews at Verdant; Mallory recruits
for another agency; the candidate holds their own link; an anonymous visitor has nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hireplay.web.clients.models import ClientAccount, ImportJob
from hireplay.web.development import services as development
from hireplay.web.flows import library
from hireplay.web.flows.assessment import submit
from hireplay.web.hiring import services
from hireplay.web.hiring.answers import save
from hireplay.web.hiring.models import Candidate, JobOpening, LateSave
from hireplay.web.interviews import services as interviews
from hireplay.web.interviews.models import CalibrationExercise
from hireplay.web.orgs.models import ApiToken, Membership, Organization
from hireplay.web.outbox.models import Email
from tests.conftest import PLAYBOOKS
from tests.web.conftest import Cast

OK = {200, 201, 302}
DENIED_PAGE = {302, 403, 404}
# (method, path template, who may) for every route; a route missing here fails the last test.
ROUTES = [
    ("get", "/", "staff"),
    ("get", "/openings/new/", "staff"),
    ("get", "/openings/{o}/", "alice"),
    ("get", "/openings/{o}/candidates/new/", "alice"),
    ("get", "/openings/{o}/candidates/import/", "alice"),
    ("get", "/candidates/", "staff"),
    ("get", "/candidates/{c}/", "alice"),
    ("post", "/candidates/{c}/invite/", "alice"),
    ("post", "/candidates/{c}/links/{i}/revoke/", "alice"),
    ("post", "/candidates/{c}/emails/{e}/send/", "alice"),
    ("get", "/candidates/{c}/rate/", "alice"),
    ("post", "/candidates/{c}/rate/", "alice"),
    ("get", "/interviews/", "signed-in"),
    ("get", "/account/", "signed-in"),
    ("get", "/candidates/{c}/panel/", "alice"),
    ("post", "/candidates/{c}/schedule/", "alice"),
    ("get", "/candidates/{c}/interview-candidate.ics", "alice"),
    ("get", "/candidates/{c}/interview-panel.ics", "alice"),
    ("get", "/candidates/{c}/scorecard/", "panel"),
    ("get", "/candidates/{c}/debrief/", "debrief"),
    (
        "get",
        "/candidates/{c}/exercises/{r}/",
        "alice",
    ),  # the exercise's own assessors too (tests/web/test_exercises.py)
    ("get", "/openings/{o}/exercises/{r}/brief/", "alice"),
    ("get", "/apply/{k}/", "public"),  # the world's opening takes applications
    ("get", "/self-check/", "public"),  # a salesperson's own self-check: nothing stored
    ("post", "/self-check/", "public-form"),  # an empty form comes back with what to fill in
    ("post", "/candidates/{c}/review/", "alice"),  # Jordan did not apply: Alice is told so, nothing changes
    ("get", "/candidates/{c}/cv/", "alice-404"),  # Jordan did not apply: no CV
    ("post", "/openings/{o}/bulk/{b}/undo/", "alice-404"),  # Alice rejected nobody: nothing to undo
    ("post", "/openings/{o}/applications/", "alice"),
    ("post", "/candidates/{c}/decide/", "decide"),
    ("post", "/candidates/{c}/share-results/", "alice"),
    ("post", "/openings/{o}/hiring-manager/", "alice"),
    ("post", "/openings/{o}/bulk/", "alice"),
    ("get", "/openings/{o}/funnel/", "alice"),
    ("get", "/funnel/", "staff"),
    ("get", "/settings/", "admin"),
    ("post", "/settings/logo/", "admin"),
    ("get", "/candidates/{c}/report.pdf", "alice"),
    ("post", "/candidates/{c}/erase/", "admin"),
    ("post", "/candidates/{c}/time/", "alice"),
    ("post", "/candidates/{c}/extra-time/", "alice"),
    ("post", "/candidates/{c}/late/{l}/", "alice"),
    ("get", "/openings/{o}/compare/", "alice"),
    ("get", "/openings/{o}/agreement/", "alice"),
    ("get", "/openings/{o}/items/", "alice"),
    ("get", "/compliance/impact/", "admin"),  # nobody in the cast is a compliance officer
    ("get", "/insights/", "staff"),
    ("get", "/insights/report.pdf", "staff"),
    ("post", "/candidates/{c}/outcomes/", "hire"),
    ("get", "/api/playbooks", "api-playbooks"),
    ("get", "/playbooks/", "staff"),
    ("get", "/playbooks/{p}/", "alice"),
    ("get", "/playbooks/{p}/qti/", "alice"),
    ("get", "/playbooks/shipped/account-manager-smb/qti/", "staff"),
    ("get", "/openings/{o}/calibration/", "calibration"),
    ("get", "/calibration/{x}/", "calibration"),
    ("get", "/clients/", "staff"),
    ("get", "/clients/{a}/", "alice"),
    ("post", "/clients/{a}/owner/", "alice"),
    ("post", "/clients/{a}/activity/", "alice-form"),  # an empty form: refused beside its field
    ("post", "/clients/{a}/judgement/", "alice-form"),
    ("post", "/clients/{a}/review/", "alice-form"),
    ("get", "/api/clients", "staff-api"),
    ("get", "/api/clients/review", "staff-api"),
    ("get", "/api/clients/week", "staff-api"),
    ("get", "/api/clients/{a}", "alice-api"),
    ("post", "/api/clients/{a}/judgement", "alice-api"),
    ("get", "/clients/policy/", "staff"),
    ("get", "/clients/import/jobs/{j}/", "alice"),
    ("post", "/clients/policy/", "staff-form"),  # an empty policy: its problems, nothing adopted
    ("get", "/clients/clients.csv", "staff"),
    ("get", "/clients/review.csv", "staff"),
    ("get", "/clients/week.csv", "staff"),
    ("get", "/clients/review/", "staff"),
    ("get", "/clients/conflicts/", "staff"),
    ("get", "/clients/week/", "staff"),
    ("get", "/clients/import/", "staff"),
    ("post", "/clients/classify/", "staff"),
    ("get", "/development/", "staff"),
    ("post", "/development/people/new/", "staff-form"),  # an empty form comes back with what to fill in
    ("post", "/development/people/import/", "staff-form"),  # no file: told so, nothing written
    ("get", "/development/people/{d}/", "alice"),
    ("post", "/development/people/{d}/rate/", "manager"),  # Hana rates Noor; Alice may see, not rate
    ("post", "/development/people/{d}/plan/", "alice"),
    ("get", "/development/people/{d}/plan.pdf", "alice"),
    ("post", "/development/people/{d}/erase/", "admin"),
    ("get", "/development/catalogue/", "admin"),
    ("get", "/me/{m}/", "public"),  # Noor's personal link is her credential
    ("post", "/me/{m}/", "public-post"),  # nothing asked: told so, nothing changes
    ("get", "/me/{m}/plan.pdf", "public"),
    ("get", "/audit/", "admin"),
    ("get", "/audit.csv", "admin"),
    ("get", "/api/openings", "api"),
    ("get", "/api/openings/{o}", "alice-api"),
    ("get", "/api/openings/{o}/candidates", "alice-api"),
    ("post", "/api/openings/{o}/candidates", "alice-api"),
    ("get", "/api/candidates/{c}", "alice-api"),
    ("post", "/api/candidates/{c}/invitations", "alice-api"),
    ("get", "/api/candidates/{c}/session", "alice-api"),
    ("get", "/api/candidates/{c}/report", "alice-api"),
    ("post", "/api/openings", "alice-api"),
    ("get", "/a/{t}/", "link"),
    ("post", "/a/{t}/start/", "link"),
    ("post", "/a/{t}/language/", "link"),
    ("get", "/a/{t}/s/1/", "link"),
    ("post", "/a/{t}/save/", "link"),
    ("get", "/a/{t}/state/", "link"),
    ("post", "/a/{t}/signals/", "link"),
    ("post", "/a/{t}/submit/", "link"),
    ("get", "/a/{t}/done/", "link"),
    ("post", "/a/{t}/self-id/", "link"),
    ("get", "/a/{t}/results/", "link"),
]
PUBLIC = {"/healthz", "/login/", "/logout/", "/api/", "/api/openapi.json", "/api/docs"}


@pytest.fixture
def world(cast: Cast, opening: JobOpening) -> dict[str, Any]:
    candidate = Candidate.objects.create(opening=opening, name="Jordan", email="jordan@example.com")
    Organization.objects.filter(pk=opening.organization_id).update(
        self_id_form="eu", self_id_purpose="To check fairness."
    )
    JobOpening.objects.filter(pk=opening.pk).update(applications_open=True)
    opening.refresh_from_db()
    invitation, _, _ = services.invite(candidate, "http://testserver/")
    session = services.start_session(candidate)  # submitted with an e-mail that waits for a rater
    save(invitation.pk, "client-email", "Dear Ms Marchetti, thank you. Kind regards, Jordan", 1, session.started_at)
    submit(session)
    late = LateSave.objects.create(session=session, item_id="upsell-target", value="a", seq=99,
                                   arrived_at=session.started_at)  # fmt: skip
    first = opening.playbook.to_core().interview.questions[0].id
    interviews.assign_panel(candidate, {cast.ivan.pk: [first]}, "user:alice")
    interviews.schedule(candidate, datetime(2026, 12, 1, 9, tzinfo=UTC), 60, "Room 1", cast.alice, "http://testserver/")
    exercise = CalibrationExercise.objects.create(opening=opening, question_id=first, title="Sample A", sample="x" * 50,
                                                  reference=3, reason="Meets the level-3 anchor.", created_by=cast.alice)  # fmt: skip
    entry, _ = library.publish(opening.organization, (PLAYBOOKS / "account-manager-smb.yaml").read_text()
                               .replace("id: account-manager-smb", "id: own-playbook"), "own.yaml", "user:alice")  # fmt: skip
    assert entry is not None
    client_account = ClientAccount.objects.create(
        organization=opening.organization.agency, external_id="1", name="Acme"
    )
    job = ImportJob.objects.create(organization=opening.organization.agency, created_by=cast.alice,
                                   status=ImportJob.Status.DONE, files={"accounts": "a.csv"})  # fmt: skip
    noor = development.add_person(opening.organization, "Noor", "", cast.hana, "salesperson-to-sam", "user:alice")
    development.save_sheet(development.current_review(noor), "manager",
                           {c.id: 3 for c in development.role_of(noor).target.competencies}, {}, "user:hana", cast.hana,
                           submit=True)  # fmt: skip
    noor.refresh_from_db()
    assert noor.latest is not None
    development.make_plan(noor, noor.latest, date(2027, 1, 4), cast.alice)
    return {
        "d": noor.pk,
        "m": development.issue_link(noor, "user:alice"),
        "o": opening.pk,
        "c": candidate.pk,
        "t": services.invitation_token(invitation),
        "i": invitation.pk,
        "cast": cast,
        "a": client_account.pk,
        "j": job.pk,
        "l": late.pk,
        "x": exercise.pk,
        "p": entry.pk,
        "r": "mini-business-review",
        "k": opening.apply_key,
        "b": 0,
        "e": Email.objects.filter(candidate=candidate).order_by("pk").values_list("pk", flat=True).first(),
    }


def _client(who: str, cast: Cast) -> Client:
    if who in ("alice", "ivan", "mallory"):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(getattr(cast, who), 'matrix')}")
        client.force_login(getattr(cast, who))
        return client
    return Client()


def _body(method: str, path: str) -> dict[str, Any]:
    if method != "post":
        return {}
    if path.endswith("/save/"):
        return {"data": '{"item": "upsell-target", "value": "a", "seq": 1}', "content_type": "application/json"}
    if path.endswith("/candidates"):
        return {"data": '{"name": "New", "email": "new@example.com"}', "content_type": "application/json"}
    if path.endswith("/judgement"):
        return {"data": '{"strategic_fit": 3, "on": "2026-01-01", "note": "Met the board"}',
                "content_type": "application/json"}  # fmt: skip
    if path == "/api/openings":
        return {
            "data": '{"organization": 0, "title": "x", "playbook": "account-manager-smb.yaml"}',
            "content_type": "application/json",
        }
    return {}


@pytest.mark.parametrize("who", ["alice", "ivan", "mallory", "anonymous", "candidate"])
def test_each_person_reaches_only_what_is_theirs(world: dict[str, Any], who: str) -> None:
    cast = world["cast"]
    failures = []
    for method, template, allowed in ROUTES:
        path = template.format(**world)
        client = _client(who, cast)
        if path.startswith("/a/") and who != "candidate":
            continue  # the link is the candidate's credential; it is checked below with a forged one
        response = getattr(client, method)(path, **_body(method, path))
        status = response.status_code
        if allowed == "link":
            ok = status in OK | {400, 409}
        elif allowed == "staff":
            ok = status in OK if who in ("alice", "mallory") else status in DENIED_PAGE
        elif allowed == "api":
            ok = status == 200 if who in ("alice", "ivan", "mallory") else status == 401
            if ok and status == 200 and who != "alice":
                ok = response.json() == []
        elif allowed == "alice-api":
            ok = status in OK | {404, 409, 422} and (status != 404 or path.endswith(("/session", "/report")))
            ok = ok if who == "alice" else status in ({404} if who in ("ivan", "mallory") else {401})
            if path == "/api/openings" and method == "post" and who == "alice":
                ok = status == 404  # organisation 0 is nobody's
        elif allowed == "staff-api":  # staff of any organisation see their own (Mallory's is empty)
            ok = status == 200 if who in ("alice", "mallory") else status == (404 if who == "ivan" else 401)
            if ok and who == "mallory":
                ok = response.json() in ([], {"owner": "mallory", "tasks": [], "snoozed": 0, "done": 0,
                                              "unclassified": 0})  # fmt: skip
        elif allowed == "signed-in":  # each person's own list
            ok = status == 200
        elif allowed == "panel":  # Ivan sits on the panel; nobody else reaches the scorecard
            ok = status == 200 if who == "ivan" else status in DENIED_PAGE
        elif allowed == "debrief":  # Ivan must submit his own scorecard first
            ok = {"alice": status == 200, "ivan": status == 403}.get(who, status in DENIED_PAGE)
        elif allowed == "decide":  # nobody in the cast decides: Alice recruits, Ivan has not submitted
            ok = status == 403 if who in ("alice", "ivan") else status in DENIED_PAGE
        elif allowed == "api-playbooks":  # the shipped ones for everyone; an organisation's own only to its people
            ok = status == 200 if who in ("alice", "ivan", "mallory") else status == 401
            if ok and status == 200:
                own = [p for p in response.json() if p["organization"] is not None]
                ok = bool(own) if who == "alice" else own == []
        elif allowed == "calibration":  # the hiring team and the organisation's interviewers
            ok = status == 200 if who in ("alice", "ivan") else status in DENIED_PAGE
        elif allowed == "public":  # anyone, signed in or not
            ok = status == 200
        elif allowed == "public-form":  # anyone; an empty form is refused with its problems
            ok = status == 400
        elif allowed == "public-post":  # anyone holding the link; nothing asked, nothing changed
            ok = status == 302
        elif allowed == "staff-form":  # staff get their empty form back with its problems
            ok = status == 400 if who in ("alice", "mallory") else status in DENIED_PAGE
        elif allowed == "alice-form":  # Alice gets her empty form back with its problems; the others nothing
            ok = status == 400 if who == "alice" else status in DENIED_PAGE
        elif allowed == "manager":  # only the person's manager; Alice sees Noor but is refused here
            ok = status == 403 if who == "alice" else status in DENIED_PAGE
        elif allowed in ("alice-404", "hire"):
            # The hiring team finds nothing there (no CV, no bulk rejection to undo, Jordan is no
            # hire); the others are refused before anything is looked up.
            ok = status == 404 if who == "alice" else status in DENIED_PAGE
        elif allowed == "admin":  # nobody in the cast administers an organisation
            ok = status in DENIED_PAGE
        else:  # pages of Alice's opening
            ok = status in OK if who == "alice" else status in DENIED_PAGE
        if who in ("anonymous", "candidate") and not path.startswith(
            ("/a/", "/api/", "/apply/", "/self-check/", "/me/")
        ):
            ok = status == 302 and response["Location"].startswith("/login/")
        if not ok:
            failures.append(f"{method.upper()} {path} -> {status}")

    assert failures == []


def test_a_forged_or_foreign_link_opens_nothing(client: Client, world: dict[str, Any]) -> None:
    other = Candidate.objects.create(opening_id=world["o"], name="Other", email="other@example.com")
    forged = world["t"][:-4] + "AAAA"
    for path in ("/a/{}/", "/a/{}/s/1/", "/a/{}/done/"):
        assert client.get(path.format(forged)).status_code == 404
    for path in ("/a/{}/start/", "/a/{}/submit/", "/a/{}/save/"):
        assert client.post(path.format(forged)).status_code == 404
    assert not hasattr(other, "session")


def _paths(patterns: list[Any], prefix: str = "") -> list[str]:
    found: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            found += _paths(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            found.append("/" + prefix + str(p.pattern))
    return found


def test_every_route_is_in_the_matrix() -> None:
    import re

    def shape(path: str) -> str:
        return re.sub(r"<[^>]+>|\{[^}]+\}", "X", path).rstrip("/")

    known = (
        {shape(t) for _, t, _ in ROUTES}
        | {shape(p) for p in PUBLIC}
        | {shape("/a/{t}/s/{i}/"), shape("/candidates/{c}/interview-{a}.ics"), shape("/playbooks/shipped/{id}/qti/")}
    )
    # The administration pages (Django's admin) are walked by tests/security/test_admin.py.
    routes = {shape(p) for p in _paths(get_resolver().url_patterns) if not p.startswith("/admin/")}

    assert routes - known == set()


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_page_reads_in_french_and_in_dutch(world: dict[str, Any], language: str) -> None:
    """Each page every role can open, in the person's language: no English sentence template
    leaks its placeholders, and the page says which language it is in."""
    cast = world["cast"]
    opening = JobOpening.objects.get(pk=world["o"])
    chief = User.objects.create_user("chief", "chief@example.com", "a long test password")
    Membership.objects.create(user=chief, organization=opening.organization.agency, role=Membership.Role.ADMIN)
    Membership.objects.create(user=chief, organization=opening.organization, role=Membership.Role.COMPLIANCE)
    seen = set()
    problems = []
    for person in (cast.alice, cast.ivan, cast.hana, chief):
        client = Client()
        client.force_login(person)
        assert client.post("/account/", {"language": language}).status_code in OK
        for method, template, _ in ROUTES:
            if method != "get" or template.startswith(("/a/", "/api/", "/apply/", "/self-check/", "/me/")):
                continue
            path = template.format(**world)
            response = client.get(path)
            if response.status_code >= 500:
                problems.append(f"{person.username} {path}: {response.status_code}")
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            seen.add(template)
            page = response.content.decode()
            if f'<html lang="{language}"' not in page:
                problems.append(f"{person.username} {path}: not in {language}")
            for leak in ("%(", "{%", "{{", "endblocktranslate"):
                if leak in page:
                    problems.append(f"{person.username} {path}: {leak!r} shown")
    assert problems == []
    assert len(seen) >= 25  # the walk reached the pages, not only refusals
