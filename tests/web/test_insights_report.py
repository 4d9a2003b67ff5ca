"""The insights report (docs/insights.md): outcomes recorded for hires, the report's page with its
JSON and PDF, who sees what, the same from the command line, and its cost as the data grow."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hireplay.web.audit.models import AuditEvent
from hireplay.web.compliance.models import SelfIdentification
from hireplay.web.decisions.models import HireOutcome, OutcomeMeasure, RecommendationRecord
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.interviews.models import Scorecard
from hireplay.web.orgs.models import Membership
from tests.web.conftest import NOW, Cast
from tests.web.test_item_analysis import _attempts


def _admin(opening: JobOpening) -> User:
    user = User.objects.create_user("ada", "ada@example.com", "a long test password")
    Membership.objects.create(user=user, organization=opening.organization, role=Membership.Role.ADMIN)
    return user


def _hires(opening: JobOpening, count: int, seed: int = 3) -> list[Candidate]:
    """`count` hires whose recommendation gave an assessment and an interview score, the outcome
    following the assessment; and as many candidates not hired, with lower scores."""
    rng = np.random.default_rng(seed)
    hired = []
    for n in range(2 * count):
        a, i = float(rng.uniform(40, 95)), float(rng.uniform(40, 95))
        if n < count:
            a, i = a + 5, i + 5
        candidate = Candidate.objects.create(opening=opening, name=f"H{seed}-{n}", email=f"h{seed}-{n}@example.com",
                                             stage=Candidate.Stage.HIRED if n < count else Candidate.Stage.REJECTED)  # fmt: skip
        RecommendationRecord.objects.create(
            candidate=candidate, scorecard_ids=[], playbook_hash=opening.playbook.content_hash, engine_version="t",
            outcome="hire", result={"outcome": "hire", "decided_by": "t", "assessment_percent": a,
                                    "interview_percent": i, "weighted_total": 0.4 * a + 0.6 * i,
                                    "provisional": False, "trace": []})  # fmt: skip
        if n < count:
            hired.append(candidate)
    return hired


def test_outcome_measures_are_defined_on_the_settings_page_with_located_errors(opening: JobOpening) -> None:
    client = Client()
    client.force_login(_admin(opening))
    form = {"org": opening.organization.slug, "time_zone": "Europe/Brussels", "contact_email": "",
            "dispositions": "Assessment below the bar"}  # fmt: skip
    bad = client.post("/settings/", {**form, "outcomes": "Performance at 6 months: 1-5\nStill employed: maybe"})
    assert bad.status_code == 400
    assert "Line 2: &#x27;maybe&#x27; is not a scale" in bad.content.decode()
    assert not OutcomeMeasure.objects.exists()  # nothing saved
    reversed_scale = client.post("/settings/", {**form, "outcomes": "Performance: 5-1"})
    assert "must go from a lower to a higher value" in reversed_scale.content.decode()

    good = client.post(
        "/settings/", {**form, "outcomes": "Performance at 6 months: 1-5\nStill employed at 12 months: yes/no"}
    )
    assert good.status_code == 302
    stored = list(OutcomeMeasure.objects.order_by("position").values_list("name", "kind", "low", "high"))
    assert stored == [
        ("Performance at 6 months", "scale", 1.0, 5.0),
        ("Still employed at 12 months", "yes_no", 0.0, 1.0),
    ]
    event = AuditEvent.objects.filter(action="organization.settings_changed").order_by("-pk").first()
    assert event is not None
    assert json.loads(event.payload)["changed"]["outcomes"][0] == "Performance at 6 months: 1-5"


def test_a_hires_outcomes_are_recorded_checked_and_logged(opening: JobOpening, cast: Cast) -> None:
    measure = OutcomeMeasure.objects.create(organization=opening.organization, name="Performance at 6 months",
                                            kind="scale", low=1, high=5)  # fmt: skip
    kept = OutcomeMeasure.objects.create(organization=opening.organization, name="Still employed", kind="yes_no",
                                         low=0, high=1, position=1)  # fmt: skip
    hire = _hires(opening, 1)[0]
    client = Client()
    client.force_login(cast.hana)
    page = client.get(f"/candidates/{hire.pk}/").content.decode()
    assert "After the hire" in page
    assert "Performance at 6 months (1 to 5)" in page

    refused = client.post(f"/candidates/{hire.pk}/outcomes/", {f"measure-{measure.pk}": "7",
                                                               f"measure-{kept.pk}": "yes"}, follow=True)  # fmt: skip
    text = refused.content.decode()
    assert "Nothing was recorded" in text
    assert "7 is outside the scale; give a value from 1 to 5" in text
    assert not HireOutcome.objects.exists()  # the valid value was not stored alone either

    done = client.post(f"/candidates/{hire.pk}/outcomes/", {f"measure-{measure.pk}": "4,5",
                                                            f"measure-{kept.pk}": "yes"}, follow=True)  # fmt: skip
    assert "2 outcomes recorded." in done.content.decode()
    assert dict(HireOutcome.objects.values_list("measure__name", "value")) == {"Performance at 6 months": 4.5,
                                                                               "Still employed": 1.0}  # fmt: skip
    again = client.post(f"/candidates/{hire.pk}/outcomes/", {f"measure-{measure.pk}": "4.5"}, follow=True)
    assert "Nothing was changed" in again.content.decode()
    events = AuditEvent.objects.filter(action="outcome.recorded", subject=hire.ref)
    assert events.count() == 2
    assert all(e.actor == "user:hana" for e in events)

    rejected = Candidate.objects.filter(opening=opening, stage=Candidate.Stage.REJECTED).first()
    assert rejected is not None
    assert client.post(f"/candidates/{rejected.pk}/outcomes/", {f"measure-{measure.pk}": "3"}).status_code == 404
    ivan = Client()
    ivan.force_login(cast.ivan)  # an interviewer only: not staff
    assert ivan.post(f"/candidates/{hire.pk}/outcomes/", {f"measure-{measure.pk}": "1"}).status_code in (403, 404)
    assert HireOutcome.objects.get(measure=measure).value == 4.5


def _panel(candidates: list[Candidate], raters: list[Any], opening: JobOpening) -> None:
    """Each rater's submitted scorecard on every candidate, close to a shared truth."""
    ids = [q.id for q in opening.playbook.to_core().interview.questions]
    rng = np.random.default_rng(5)
    for candidate in candidates:
        truth = rng.integers(1, 6)
        for n, rater in enumerate(raters):
            ratings = {q: int(np.clip(truth + rng.integers(-1, 2) * (n % 2), 1, 5)) for q in ids}
            Scorecard.objects.create(candidate=candidate, interviewer=rater, ratings=ratings,
                                     submitted_at=NOW + timedelta(days=100 * n))  # fmt: skip


def test_the_report_page_json_and_pdf_in_a_fixed_number_of_queries(opening: JobOpening, cast: Cast) -> None:
    measure = OutcomeMeasure.objects.create(organization=opening.organization, name="Performance", kind="scale",
                                            low=1, high=5)  # fmt: skip
    hires = _hires(opening, 12)
    for hire in hires:
        a = RecommendationRecord.objects.get(candidate=hire).result["assessment_percent"]
        HireOutcome.objects.create(candidate=hire, measure=measure, value=round(1 + 4 * (a - 45) / 55, 1),
                                   recorded_by=cast.hana, recorded_at=NOW)  # fmt: skip
    _panel(hires, [cast.alice, cast.hana], opening)
    _attempts(opening, 18)  # each attempt leaves a third of the items out: 12 answers to each
    client = Client()
    client.force_login(cast.alice)

    with CaptureQueriesContext(connection) as small:
        page = client.get(f"/insights/?opening={opening.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    for heading in ("What this report covers", "Rater reliability", "The assessment's items",
                    "Predictive validity", "Leniency by quarter (drift)", "Options of the choice items"):  # fmt: skip
        assert heading in text, heading
    assert "Adverse impact" not in text  # a recruiter: no self-identification tables
    assert "only compliance officers read" in text
    assert "the two-parameter model needs at least 200" in text

    data = client.get(f"/insights/?opening={opening.pk}&format=json").json()
    assert data["counts"]["hired"] == 12
    assert data["counts"]["hires_with_outcome"] == 12
    assessment = data["validity"]["measures"][0]["correlations"][0]
    assert assessment["predictor"] == "assessment"
    assert assessment["n"] == 12
    assert assessment["r"] > 0.95
    assert assessment["spread_ratio"] is not None  # the hires against all candidates
    first = data["reliability"]["questions"][0]["icc"]
    assert first["candidates"] == 12
    assert first["raters"] == 2
    assert first["icc2_interval"][0] < first["icc2"] < first["icc2_interval"][1]
    assert data["reliability"]["overall"]["units"] > 0
    assert len(data["reliability"]["drift"]["quarters"]) == 2
    assert data["items"]["options"]
    assert all(o["rows"] for o in data["items"]["options"])
    assert "impact" not in data
    assert "dif" not in data

    # The cache notices a changed value (not only a new row): the report is never stale.
    changed = HireOutcome.objects.filter(measure=measure).order_by("pk").first()
    assert changed is not None
    HireOutcome.objects.filter(pk=changed.pk).update(
        value=5 if changed.value < 3 else 1, recorded_at=NOW + timedelta(days=1)
    )
    again = client.get(f"/insights/?opening={opening.pk}&format=json").json()
    assert again["validity"]["measures"][0]["correlations"][0]["r"] != assessment["r"]

    pdf = client.get(f"/insights/report.pdf?opening={opening.pk}")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    _attempts(opening, 10)
    _hires(opening, 6, seed=9)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/insights/?opening={opening.pk}")
    assert len(large.captured_queries) == len(small.captured_queries)
    with CaptureQueriesContext(connection) as cached:
        client.get(f"/insights/?opening={opening.pk}")
    assert len(cached.captured_queries) < len(large.captured_queries)  # nothing changed: the report is cached


def test_only_a_compliance_officer_gets_the_impact_tables_and_dif(opening: JobOpening, cast: Cast) -> None:
    opening.organization.self_id_form = "eu"
    opening.organization.save()
    _attempts(opening, 12)
    for n, candidate in enumerate(opening.candidates.order_by("pk")):
        SelfIdentification.objects.create(candidate=candidate, form="eu", given_at=NOW,
                                          answers={"gender": "woman" if n % 2 else "man", "age_band": "declined"})  # fmt: skip
    officer = User.objects.create_user("cora", "cora@example.com", "a long test password")
    Membership.objects.create(user=officer, organization=opening.organization, role=Membership.Role.COMPLIANCE)
    client = Client()
    client.force_login(officer)
    text = client.get("/insights/").content.decode()
    assert "Adverse impact" in text
    assert "Differential item functioning" in text
    data = client.get("/insights/?format=json").json()
    assert data["impact"]["answered"] == 12
    assert data["impact"]["scoring"]["people"] == 12
    assert [t["dimension"] for t in data["impact"]["scoring"]["tables"]][:2] == ["gender", "age"]
    assert "Scoring rate by gender" in text
    gender = data["dif"]["questions"][0]
    assert gender["question"] == "gender"
    assert gender["rows"][0]["why_not"] == "6 people; at least 30 are needed"
    recruiter = Client()
    recruiter.force_login(cast.alice)
    assert "impact" not in recruiter.get("/insights/?format=json").json()
    ivan = Client()
    ivan.force_login(cast.ivan)
    assert ivan.get("/insights/").status_code == 403


def test_a_bad_period_is_refused_beside_its_field(opening: JobOpening, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    page = client.get("/insights/?from=31/03/2026&to=2026-01-01")
    assert page.status_code == 400
    assert "Start of the period: &#x27;31/03/2026&#x27; is not a date; write it as 2026-03-31" in page.content.decode()
    backwards = client.get("/insights/?from=2026-03-01&to=2026-01-01&format=json")
    assert backwards.status_code == 400
    assert "swap the two dates" in backwards.json()["problems"]["to"]


def test_the_command_line_gives_the_same_report_from_the_database(opening: JobOpening, cast: Cast,
                                                                    tmp_path: Any) -> None:  # fmt: skip
    from typer.testing import CliRunner

    from hireplay.cli import app

    _attempts(opening, 11)
    runner = CliRunner()
    found = runner.invoke(app, ["insights", "report", "verdant", "--format", "json", "--resamples", "50",
                                "--pdf", str(tmp_path / "r.pdf")])  # fmt: skip
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout[found.stdout.index("{") :])
    assert data["counts"]["submitted"] == 11
    assert data["items"]["people"] == 11
    assert (
        data["impact"]["people"] == 11
    )  # the operator's command includes the impact tables (--no-impact leaves them out)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    text = runner.invoke(app, ["insights", "report", "verdant", "--resamples", "20"])
    assert text.exit_code == 0
    assert "Cronbach's alpha" in text.stdout
    assert "11 submitted" in text.stdout
    wrong = runner.invoke(app, ["insights", "report", "nobody"])
    assert wrong.exit_code == 2
    assert "no organisation 'nobody'" in wrong.output
    bad_date = runner.invoke(app, ["insights", "report", "verdant", "--from", "yesterday"])
    assert bad_date.exit_code == 2
    assert "is not a date" in bad_date.output


def test_an_administrator_chooses_the_self_identification_form_with_its_reason(opening: JobOpening) -> None:
    client = Client()
    client.force_login(_admin(opening))
    form = {"org": opening.organization.slug, "time_zone": "Europe/Brussels", "contact_email": "",
            "dispositions": "Assessment below the bar"}  # fmt: skip
    bare = client.post("/settings/", {**form, "self_id_form": "eu", "self_id_purpose": ""})
    assert bare.status_code == 400
    assert "Say why the organisation asks" in bare.content.decode()
    opening.organization.refresh_from_db()
    assert opening.organization.self_id_form == ""
    unknown = client.post("/settings/", {**form, "self_id_form": "mars", "self_id_purpose": "x" * 30})
    assert "Choose one of the forms in the list" in unknown.content.decode()
    purpose = "To check that our hiring treats every group fairly, as the law asks of us."
    done = client.post("/settings/", {**form, "self_id_form": "eu", "self_id_purpose": purpose})
    assert done.status_code == 302
    opening.organization.refresh_from_db()
    assert (opening.organization.self_id_form, opening.organization.self_id_purpose) == ("eu", purpose)
    event = AuditEvent.objects.filter(action="organization.settings_changed").order_by("-pk").first()
    assert event is not None
    assert json.loads(event.payload)["changed"]["self_id_form"] == "eu"
    # A post without the fields (an older form) changes neither the form nor the outcome measures.
    OutcomeMeasure.objects.create(organization=opening.organization, name="Performance", kind="scale", low=1, high=5)
    assert client.post("/settings/", form).status_code == 302
    opening.organization.refresh_from_db()
    assert opening.organization.self_id_form == "eu"
    assert OutcomeMeasure.objects.get().active
