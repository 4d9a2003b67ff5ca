"""Calibration exercises (docs/insights.md): set by the hiring team with located errors, rated
blind by interviewers, then compared with the reference and with each other; logged."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from hireplay.web.audit.models import AuditEvent
from hireplay.web.hiring.models import JobOpening
from hireplay.web.interviews.models import CalibrationExercise, CalibrationRating
from hireplay.web.orgs.models import Membership
from tests.web.conftest import Cast

SAMPLE = ("The client was unhappy about a late delivery. I called them the same day, apologised, found out "
          "what the delay had cost them, and agreed a plan with our operations team.")  # fmt: skip


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_exercise_is_set_with_located_errors_and_rated_blind(opening: JobOpening, cast: Cast) -> None:
    question = opening.playbook.to_core().interview.questions[0]
    alice = _as(cast.alice)
    bad = alice.post(f"/openings/{opening.pk}/calibration/", {"question": "nope", "title": "", "sample": "short",
                                                              "reference": "7", "reason": "ok"})  # fmt: skip
    text = bad.content.decode()
    assert bad.status_code == 400
    assert "Nothing was saved" in text
    assert "Choose one of the opening&#x27;s interview questions" in text
    assert "Choose the reference rating, 1 to 5" in text
    assert "paste the sample answer" in text.lower()
    assert not CalibrationExercise.objects.exists()

    made = alice.post(f"/openings/{opening.pk}/calibration/", {
        "question": question.id, "title": "Answer A: the late delivery", "sample": SAMPLE, "reference": "4",
        "reason": "Acts the same day and finds the cost, above the level-3 anchor; no follow-up, so not a 5."})  # fmt: skip
    exercise = CalibrationExercise.objects.get()
    assert made.status_code == 302
    assert made["Location"] == f"/calibration/{exercise.pk}/"
    assert "you set it" in alice.get(f"/openings/{opening.pk}/calibration/").content.decode()
    own = alice.post(f"/calibration/{exercise.pk}/", {"rating": "4", "evidence": "It is my own sample."}, follow=True)
    assert "Not done:</strong> you set this exercise&#x27;s reference rating" in own.content.decode()

    ivan = _as(cast.ivan)  # an interviewer: finds it under My interviews, rates it blind
    assert f"/calibration/{exercise.pk}/" in ivan.get("/interviews/").content.decode()
    before = ivan.get(f"/calibration/{exercise.pk}/").content.decode()
    assert "Give my rating" in before
    assert "Reference rating" not in before
    assert question.scale[1] in before  # the question's anchors are beside the levels
    missing = ivan.post(f"/calibration/{exercise.pk}/", {"rating": "", "evidence": ""})
    assert missing.status_code == 400
    assert "Choose a rating from 1 to 5" in missing.content.decode()
    done = ivan.post(
        f"/calibration/{exercise.pk}/", {"rating": "2", "evidence": "No follow-up, vague plan."}, follow=True
    )
    after = done.content.decode()
    assert "Reference rating: 4" in after
    assert "you rated lower than the reference" in after
    assert "<td>-2</td>" in after
    again = ivan.post(
        f"/calibration/{exercise.pk}/", {"rating": "4", "evidence": "Changed my mind, sorry."}, follow=True
    )
    assert "Not done:</strong> your rating of this sample, 2, is final once given." in again.content.decode()
    assert CalibrationRating.objects.get().rating == 2
    assert f"/calibration/{exercise.pk}/" not in ivan.get("/interviews/").content.decode()

    mallory = _as(cast.mallory)
    assert mallory.get(f"/calibration/{exercise.pk}/").status_code == 404
    actions = list(AuditEvent.objects.filter(action__startswith="calibration.").values_list("action", "actor"))
    assert actions == [("calibration.created", "user:alice"), ("calibration.rated", "user:ivan")]


def test_across_exercises_each_interviewer_against_the_reference_and_the_iccs(opening: JobOpening, cast: Cast) -> None:
    questions = [q.id for q in opening.playbook.to_core().interview.questions]
    raters = [cast.ivan, cast.hana]
    extra = User.objects.create_user("otto", "otto@example.com", "a long test password")
    Membership.objects.create(user=extra, organization=opening.organization, role=Membership.Role.INTERVIEWER)
    raters.append(extra)
    references = [1, 3, 5, 2, 4]
    for n, reference in enumerate(references):
        exercise = CalibrationExercise.objects.create(opening=opening, question_id=questions[n % len(questions)],
                                                      title=f"Sample {n}", sample=SAMPLE, reference=reference,
                                                      reason="Against the anchors, as discussed.", created_by=cast.alice)  # fmt: skip
        for shift, rater in zip((0, 1, -1), raters, strict=True):
            _as(rater).post(f"/calibration/{exercise.pk}/",
                            {"rating": str(max(1, min(5, reference + shift))), "evidence": "As the anchors say."})  # fmt: skip
    page = _as(cast.alice).get(f"/openings/{opening.pk}/calibration/").content.decode()
    assert "Across the 5 exercises you have rated or set" in page
    assert "ICC(2,1) <strong>" in page
    assert "ICC(2,3)" in page
    hana_row = page[page.index('<th scope="row">hana</th>') :][:200]
    assert "<td>5</td><td>0.80</td>" in hana_row  # +1 on four samples, +0 on the one rated 5 already
    first_view = _as(extra).get(f"/openings/{opening.pk}/calibration/")
    assert first_view.status_code == 200


def test_the_exercise_list_costs_the_same_queries_for_two_exercises_as_for_twenty(
    opening: JobOpening, cast: Cast
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    question = opening.playbook.to_core().interview.questions[0].id

    def add(count: int) -> None:
        for n in range(count):
            exercise = CalibrationExercise.objects.create(opening=opening, question_id=question, title=f"S{n}",
                                                          sample=SAMPLE, reference=1 + n % 5,
                                                          reason="Against the anchors.", created_by=cast.alice)  # fmt: skip
            CalibrationRating.objects.create(exercise=exercise, interviewer=cast.ivan, rating=3, evidence="Seen.",
                                             submitted_at=exercise.created_at)  # fmt: skip

    client = _as(cast.alice)
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/openings/{opening.pk}/calibration/")
    add(18)
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/openings/{opening.pk}/calibration/").content.decode()
    assert len(many) == len(few)
    assert "Across the 20 exercises you have rated or set" in page
    refused = _as(cast.ivan).post(f"/openings/{opening.pk}/calibration/", {"title": "x"})
    assert refused.status_code == 403
    assert "Setting an exercise is for the hiring team" in refused.content.decode()
    assert "<h1>Not allowed</h1>" in refused.content.decode()
