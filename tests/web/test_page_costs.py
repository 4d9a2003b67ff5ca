"""A list page costs the same number of queries whatever the number of candidates it lists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hireplay.core.decision import recommend
from hireplay.core.scoring import score
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening, ScoreRecord
from tests.web.conftest import NOW, Cast


def _scored_candidates(opening: JobOpening, count: int, start: int, decider: Any) -> None:
    """`count` candidates with a score record, a recommendation and a decision each."""
    playbook = opening.playbook.to_core()
    for i in range(start, start + count):
        candidate = Candidate.objects.create(opening=opening, name=f"Candidate {i}", email=f"c{i}@example.com")
        session = AssessmentSession.objects.create(candidate=candidate, seed=i, started_at=NOW,
                                                   deadline=NOW + timedelta(minutes=30), submitted_at=NOW)  # fmt: skip
        report = score(playbook, {"upsell-target": "a"}, i)
        stored = ScoreRecord.objects.create(session=session, playbook_hash=report.playbook_hash,
                                            engine_version=report.engine_version, report=report.to_dict())  # fmt: skip
        result = recommend(playbook, report, []).to_dict()
        made = RecommendationRecord.objects.create(candidate=candidate, score=stored, scorecard_ids=[],
                                                   playbook_hash=report.playbook_hash,
                                                   engine_version=report.engine_version, outcome=result["outcome"],
                                                   result=result)  # fmt: skip
        Decision.objects.create(candidate=candidate, recommendation=made, outcome="do_not_hire", reason="Too early.",
                                departs=True, decided_by=decider)  # fmt: skip


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["/openings/{pk}/", "/openings/{pk}/compare/"])
def test_a_list_page_costs_the_same_queries_for_three_candidates_as_for_thirty(
    client: Client, cast: Cast, opening: JobOpening, page: str
) -> None:
    client.force_login(cast.alice)
    url = page.format(pk=opening.pk)
    _scored_candidates(opening, 3, 0, cast.alice)
    few = _queries(client, url)

    _scored_candidates(opening, 27, 3, cast.alice)
    many = _queries(client, url)

    assert many == few
    assert "Candidate 29" in client.get(url).content.decode()


def test_the_candidate_page_costs_the_same_queries_for_five_late_answers_as_for_five_thousand(
    client: Client, cast: Cast, opening: JobOpening
) -> None:
    from hireplay.web.hiring.models import IntegritySignal, LateSave

    client.force_login(cast.alice)
    _scored_candidates(opening, 1, 0, cast.alice)
    session = AssessmentSession.objects.get()
    url = f"/candidates/{session.candidate_id}/"

    def late(start: int, count: int) -> None:
        LateSave.objects.bulk_create(LateSave(session=session, item_id="upsell-target", value="a", seq=start + n,
                                              arrived_at=NOW) for n in range(count))  # fmt: skip

    late(1, 5)
    IntegritySignal.objects.create(session=session, kind="paste", item_id="client-email", count=1, amount=30,
                                   first_at=NOW, last_at=NOW)  # fmt: skip
    few = _queries(client, url)
    late(6, 4995)
    many = _queries(client, url)

    assert many == few
    page = client.get(url).content.decode()
    assert "Late answers (5000)" in page
    assert "Page 1 of 200" in page
    assert page.count('<tr id="late-') == 25  # one page of rows


def test_the_audit_page_costs_the_same_queries_for_ten_events_as_for_ten_thousand(
    client: Client, cast: Cast, opening: JobOpening
) -> None:
    from django.utils import timezone

    from hireplay.core.canonical import canonical_json
    from hireplay.web.audit.log import defer_text, seal
    from hireplay.web.clients.models import ClientAccount
    from hireplay.web.orgs.models import Membership

    Membership.objects.filter(user=cast.hana).update(role=Membership.Role.ADMIN)
    client.force_login(cast.hana)
    account = ClientAccount.objects.create(organization=opening.organization, external_id="A1", name="Acme")

    def events(start: int, count: int) -> None:
        made = Candidate.objects.bulk_create(Candidate(opening=opening, name=f"Person {n}", email=f"p{n}@example.com")
                                             for n in range(start, start + count))  # fmt: skip
        for candidate in made:  # written and sealed as the application seals its frequent events
            defer_text("user:alice", "candidate.added", candidate.ref,
                       canonical_json({"opening": opening.pk, "extra_time_percent": 0}), timezone.now())  # fmt: skip
            defer_text("user:alice", "account.owner_changed", f"client:{account.pk}",
                       canonical_json({"from": "", "to": "alice", "via": "hand"}), timezone.now())  # fmt: skip
        seal()

    events(0, 5)
    few = _queries(client, "/audit/")
    events(5, 4995)
    many = _queries(client, "/audit/")
    older = _queries(client, "/audit/?page=150")

    assert many == few == older
    page = client.get("/audit/").content.decode()
    assert "alice gave <a href=" in page and "the account Acme</a> to alice" in page  # noqa: PT018
    assert "alice added <a href=" in page and ">Person 4999</a>" in page  # noqa: PT018
    assert "Page 1 of 200" in page


def test_the_candidate_page_costs_the_same_queries_for_one_decision_as_for_thirty(
    client: Client, cast: Cast, opening: JobOpening
) -> None:
    client.force_login(cast.hana)
    _scored_candidates(opening, 1, 0, cast.alice)
    candidate = Candidate.objects.get()
    url = f"/candidates/{candidate.pk}/"
    few = _queries(client, url)
    previous = Decision.objects.get()
    for n in range(29):
        previous = Decision.objects.create(candidate=candidate, recommendation=previous.recommendation, outcome="hold",
                                           reason=f"Change {n}", departs=True, decided_by=cast.hana,
                                           supersedes=previous)  # fmt: skip
    many = _queries(client, url)

    assert many == few
    assert "Change 28" in client.get(url).content.decode()


def test_the_comparison_ranks_in_the_database_as_the_core_rule_does_across_pages(
    client: Client, cast: Cast, opening: JobOpening
) -> None:
    import random
    import re

    from hireplay.core.comparison import Standing, rank

    client.force_login(cast.alice)
    _scored_candidates(opening, 70, 0, cast.alice)
    rng = random.Random(7)
    expected = []
    for record in RecommendationRecord.objects.select_related("candidate").order_by("candidate_id"):
        total = None if rng.random() < 0.3 else round(rng.uniform(30, 90), 1)
        record.result = {**record.result, "weighted_total": total}
        record.save(update_fields=["result"])
        percent = ScoreRecord.objects.filter(session__candidate=record.candidate).get().report["total"]["percent"]
        expected.append((Standing(total, percent), record.candidate.name))
    wanted = [name for _, name in rank(expected)]
    shown = []
    for number in (1, 2):
        page = client.get(f"/openings/{opening.pk}/compare/?page={number}").content.decode()
        shown += re.findall(r'<th scope="row"><a href="/candidates/\d+/">([^<]+)</a>', page)
    assert shown == wanted


def test_the_comparison_exports_every_ranked_candidate_as_csv_and_logs_it(
    client: Client, cast: Cast, opening: JobOpening
) -> None:
    import csv
    import io

    from hireplay.web.audit.models import AuditEvent

    client.force_login(cast.alice)
    _scored_candidates(opening, 60, 0, cast.alice)
    Candidate.objects.filter(name="Candidate 7").update(name="=HYPERLINK(1)")
    page_one = client.get(f"/openings/{opening.pk}/compare/").content.decode()
    response = client.get(f"/openings/{opening.pk}/compare/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][:3] == ["rank", "candidate", "assessment_percent"]
    assert len(rows) == 61  # every ranked candidate, not only the page's 50
    assert [r[0] for r in rows[1:4]] == ["1", "2", "3"]
    assert rows[1][1] in page_one  # the same first candidate as the page
    assert "'=HYPERLINK(1)" in [r[1] for r in rows]  # written as text, never run as a formula
    assert AuditEvent.objects.filter(action="data.exported", subject=f"opening:{opening.pk}").exists()
