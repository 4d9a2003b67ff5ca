"""The insights report read from the database (docs/insights.md): for an organisation, one opening
or every opening of one playbook, and a period (when candidates were added). A constant number of
queries whatever the organisation's size; the computed report is cached until a figure it uses
changes (a score, a scorecard, a decision, an outcome, a self-identification, a candidate)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Exists, FloatField, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from hireplay.core.insights import report as core
from hireplay.core.insights.selfid import FORMS, label
from hireplay.core.interview import rated_texts
from hireplay.core.playbook import Playbook
from hireplay.web.access import awaiting_own_scorecard, person_name
from hireplay.web.compliance.models import SelfIdentification
from hireplay.web.decisions.models import Decision, HireOutcome, OutcomeMeasure, RecommendationRecord
from hireplay.web.hiring.models import Answer, AssessmentSession, Candidate, Invitation, JobOpening, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from hireplay.web.orgs.models import Organization

RESAMPLES = 200


@dataclass(frozen=True)
class Scope:
    organization: Organization
    opening: JobOpening | None = None
    playbook: str = ""  # a playbook's id: every opening of the organisation that uses it
    since: date | None = None
    until: date | None = None

    def describe(self) -> str:
        what = (f"the opening “{self.opening.title}”" if self.opening else
                f"the openings with the playbook “{self.playbook}”" if self.playbook else "every opening")  # fmt: skip
        when = (f", candidates added from {self.since or 'the start'} to {self.until or 'today'}"
                if self.since or self.until else "")  # fmt: skip
        return f"{self.organization.name}: {what}{when}"

    def candidates(self) -> QuerySet[Candidate]:
        found = Candidate.objects.filter(opening__organization=self.organization)
        if self.opening is not None:
            found = found.filter(opening=self.opening)
        elif self.playbook:
            found = found.filter(opening__playbook__playbook_id=self.playbook)
        if self.since:
            found = found.filter(created_at__date__gte=self.since)
        if self.until:
            found = found.filter(created_at__date__lte=self.until)
        return found


def _blind(candidates: QuerySet[Candidate], viewer_id: int | None) -> QuerySet[Candidate]:
    """Leave out the candidates on whose panel the viewer sits without having submitted their own
    scorecard (blind until submitted, as on every page)."""
    return candidates if viewer_id is None else candidates.exclude(awaiting_own_scorecard(viewer_id))


STAGE_FACTS = ("stage", "invited", "submitted", "advanced", "interviewed")


def with_stage_facts(candidates: QuerySet[Candidate]) -> QuerySet[Any]:
    """Each candidate with what says how far they went (read by `furthest`): an invitation, a
    submitted attempt, a decision in force to advance or hire, a submitted scorecard."""
    return candidates.annotate(
        invited=Exists(Invitation.objects.filter(candidate=OuterRef("pk"))),
        submitted=Exists(AssessmentSession.objects.filter(candidate=OuterRef("pk"), submitted_at__isnull=False)),
        advanced=Exists(Decision.objects.filter(candidate=OuterRef("pk"), superseded_by__isnull=True,
                                                outcome__in=[Decision.Outcome.ADVANCE, Decision.Outcome.HIRE])),
        interviewed=Exists(Scorecard.objects.filter(candidate=OuterRef("pk"), submitted_at__isnull=False)),
    )  # fmt: skip


def furthest(stage: str, invited: bool, submitted: bool, advanced: bool, interviewed: bool) -> int:
    """The index in core.insights.report.STAGES of the furthest stage reached; -1 if never invited.
    (In hireplay the screening decision to advance comes before the interview.)"""
    return (4 if stage == Candidate.Stage.HIRED else 3 if interviewed else 2 if advanced
            else 1 if submitted else 0 if invited else -1)  # fmt: skip


def _fingerprint(scope: Scope, candidates: QuerySet[Candidate], impact: bool) -> str:
    """What the report depends on, in a fixed number of small queries (one per kind of record, so
    that no join multiplies rows): the candidates and their stages, and the newest row, the last
    change and the count of each kind of record that feeds the report."""
    mine = {"candidate__in": candidates}
    parts: list[object] = [
        candidates.aggregate(n=Count("pk"), top=Max("pk"), erased=Max("erased_at"), erasures=Count("erased_at")),
        sorted(candidates.values_list("stage").annotate(n=Count("pk"))),
        Invitation.objects.filter(**mine).aggregate(top=Max("pk")),
        ScoreRecord.objects.filter(session__candidate__in=candidates).aggregate(top=Max("pk")),
        RecommendationRecord.objects.filter(**mine).aggregate(top=Max("pk")),
        Scorecard.objects.filter(**mine).aggregate(top=Max("pk"), last=Max("submitted_at"), n=Count("submitted_at")),
        Decision.objects.filter(**mine).aggregate(top=Max("pk")),
        HireOutcome.objects.filter(**mine).aggregate(top=Max("pk"), last=Max("recorded_at"), n=Count("pk")),
        list(OutcomeMeasure.objects.filter(organization=scope.organization, active=True).order_by("pk")
             .values_list("pk", "low", "high")),
    ]  # fmt: skip
    if impact:
        parts.append(SelfIdentification.objects.filter(**mine).aggregate(top=Max("pk"), n=Count("pk")))
    key = repr((parts, impact, scope.organization.self_id_form, str(scope.opening and scope.opening.pk),
                scope.playbook, scope.since, scope.until, timezone.localdate()))  # fmt: skip
    return hashlib.sha256(key.encode()).hexdigest()


def build(scope: Scope, *, impact: bool, viewer_id: int | None = None, resamples: int = RESAMPLES) -> dict[str, Any]:
    """The report as JSON-ready data. `impact`: include the self-identification tables and DIF
    (compliance officers only). `viewer_id`: the person reading it, for blindness."""
    candidates = _blind(scope.candidates(), viewer_id)
    key = f"hp:insights:{_fingerprint(scope, candidates, impact)}:{viewer_id}:{resamples}"
    found = cache.get(key)
    if found is None:
        found = core.compute(load(scope, candidates, impact), resamples)
        cache.set(key, found, 3600)
    return found  # type: ignore[no-any-return]


def _playbook(scope: Scope, candidates: QuerySet[Candidate]) -> Playbook | None:
    if scope.opening is not None:
        return scope.opening.playbook.to_core()
    newest = (JobOpening.objects.filter(pk__in=candidates.values("opening")).select_related("playbook")
              .order_by("-created_at", "-pk").first())  # fmt: skip
    return newest.playbook.to_core() if newest else None


def _items(playbook: Playbook | None) -> list[core.Item]:
    found = []
    for item in playbook.assessment.items if playbook else ():
        options: tuple[str, ...] = ()
        keyed: dict[str, tuple[str, ...]] = {}
        if item.type == "single_choice":
            options, keyed = item.option_ids(), {"": (item.key,)}
        elif item.type == "multiple_response":
            options, keyed = item.option_ids(), {"": tuple(item.key)}
        elif item.type == "situational_judgment":
            levels = {r.id: r.effectiveness for r in item.responses}
            options = tuple(levels)
            keyed = {"most": tuple(k for k, v in levels.items() if v == max(levels.values())),
                     "least": tuple(k for k, v in levels.items() if v == min(levels.values()))}  # fmt: skip
        found.append(core.Item(item.id, item.title or item.id, item.section, float(item.points), options, keyed))
    return found


def _picks(value: Any, item: core.Item) -> dict[str, list[str]]:
    """The options picked in a stored answer, by pick ("" or most/least)."""
    if "most" in item.keyed:
        if not isinstance(value, dict):
            return {}
        return {f"{item.id}:{k}": [value[k]] for k in ("most", "least") if isinstance(value.get(k), str)}
    if isinstance(value, str):
        return {item.id: [value]}
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return {item.id: list(value)}
    return {}


def load(scope: Scope, candidates: QuerySet[Candidate], impact: bool) -> core.ReportData:
    """The report's data, in eight queries whatever the number of candidates."""
    playbook = _playbook(scope, candidates)
    newest_advice = RecommendationRecord.objects.filter(candidate=OuterRef("pk")).order_by("-pk")

    def advised(field: str) -> Subquery:
        return Subquery(newest_advice.annotate(v=Cast(KT(f"result__{field}"), FloatField())).values("v")[:1])

    rows = with_stage_facts(candidates).annotate(
        advised_assessment=advised("assessment_percent"), advised_interview=advised("interview_percent"),
        advised_total=advised("weighted_total"),
    )  # fmt: skip
    fields = ["pk", "created_at", "advised_assessment", "advised_interview", "advised_total", *STAGE_FACTS]
    form = scope.organization.self_id_form if impact else ""
    if impact:
        fields.append("self_identification__answers")
    people: dict[int, core.Person] = {}
    for row in rows.values_list(*fields):
        pk, created, a, i, w = row[:5]
        reached = furthest(*row[5 : 5 + len(STAGE_FACTS)])
        categories = None
        if impact:
            given = row[-1] or {}
            categories = {q.id: label(form, q.id, given.get(q.id, "unknown")) for q in FORMS.get(form, ())}
        people[pk] = core.Person(pk, timezone.localtime(created).date(), reached, a, i, w, categories=categories)
    items = _items(playbook)
    row_of = {pk: n for n, pk in enumerate(people)}
    column_of = {item.id: j for j, item in enumerate(items)}
    points = np.full((len(people), len(items)), np.nan, dtype=np.float32)
    waiting: set[str] = set()
    current = ScoreRecord.objects.filter(session__candidate=OuterRef("session__candidate")).order_by("-pk")
    records = ScoreRecord.objects.filter(session__candidate__in=candidates).filter(
        pk=Subquery(current.values("pk")[:1])
    )
    for candidate, stored in records.values_list("session__candidate_id", "report__items").iterator():
        row = row_of.get(candidate)
        for item in (stored or ()) if row is not None else ():
            if item.get("pending"):
                waiting.add(item["id"])
            elif item["id"] in column_of:
                points[row, column_of[item["id"]]] = float(item["points"])
    choice = {i.id: i for i in items if i.options}
    if choice:
        answers = Answer.objects.filter(session__candidate__in=candidates, item_id__in=list(choice))
        for candidate, item_id, value in answers.values_list("session__candidate_id", "item_id", "value").iterator():
            if candidate in people:
                people[candidate].picks.update(_picks(value, choice[item_id]))
    ratings, names = [], {}
    cards = Scorecard.objects.filter(candidate__in=candidates, submitted_at__isnull=False)
    for candidate, who, username, first, last, given, when in cards.values_list(
            "candidate_id", "interviewer_id", "interviewer__username", "interviewer__first_name",
            "interviewer__last_name", "ratings", "submitted_at").iterator():  # fmt: skip
        names[str(who)] = person_name(first, last, username)
        for question, value in (given or {}).items():
            if isinstance(value, int) and not isinstance(value, bool):
                ratings.append(core.Rating(candidate, str(who), question, value, timezone.localtime(when)))
    measures = [core.Measure(m.pk, m.name, m.kind, m.low, m.high)
                for m in OutcomeMeasure.objects.filter(organization=scope.organization, active=True)
                .order_by("position", "pk")]  # fmt: skip
    for candidate, measure, value in HireOutcome.objects.filter(candidate__in=candidates).values_list(
            "candidate_id", "measure_id", "value").iterator():  # fmt: skip
        if candidate in people:
            people[candidate].outcomes[measure] = value
    first_use = JobOpening.objects.filter(organization=scope.organization).aggregate(first=Min("created_at"))["first"]
    excluded = []
    empty_rows = np.asarray(np.isnan(points).all(axis=1))
    unscored: list[bool] = [bool(v) for v in empty_rows] if len(items) else [True] * len(people)
    erased = sum(1 for p, none in zip(people.values(), unscored, strict=True) if none and p.furthest >= 1)
    if erased:
        excluded.append(f"{erased} candidate(s) past the assessment with no item scores on record (erased, not yet "
                        "scored, or moved on without an attempt here): left out of the item analysis")  # fmt: skip
    return core.ReportData(
        scope=scope.describe(), calculated_on=timezone.localdate(), since=scope.since, until=scope.until,
        first_use=timezone.localtime(first_use).date() if first_use else None, people=list(people.values()),
        items=items, sections={s.id: s.title for s in playbook.assessment.sections} if playbook else {},
        questions=list(rated_texts(playbook).items()) if playbook else [],
        ratings=ratings, rater_names=names, measures=measures,
        policy_share=assessment_share(playbook.decision_policy.weights) if playbook else 0.4,
        self_id=[q.id for q in FORMS.get(form, ())] if impact else None, excluded=excluded, points=points,
        waiting=waiting,
    )  # fmt: skip


def assessment_share(weights: dict[str, float]) -> float:
    """The assessment's share of the assessment and interview together (the two parts whose
    weighting the validity section tests; an exercise's weight is left aside)."""
    a, i = weights.get("assessment", 0.0), weights.get("interview", 0.0)
    return a / (a + i) if a + i else 0.0
