"""The development stage's operations on its own records (docs/development.md): add a person, save
and submit a rating sheet, find the gaps of a round from its evidence, make and change a plan,
sign it, open a reassessment, issue the personal link, erase. Each change is an audit event, in
the same transaction as the change."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core import signing
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from hireplay.core.development import Gap, PlanError, Rating, RatingsError, add_step, gaps, propose, read_ratings
from hireplay.core.development import Plan as CorePlan
from hireplay.core.frameworks import (
    SUITS,
    Action,
    Catalogue,
    Framework,
    Transition,
    check_catalogue_text,
    kind_of,
    load_catalogue,
    load_transition,
)
from hireplay.core.plaintext import text_problem
from hireplay.core.problems import Problem
from hireplay.shipped import FRAMEWORKS_DIR
from hireplay.web.audit.log import record
from hireplay.web.development.models import (
    ActionCatalogue,
    GapRecord,
    Person,
    Plan,
    PlanStep,
    RatingSheet,
    Review,
    TeamGap,
)
from hireplay.web.hiring.models import Candidate, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from hireplay.web.orgs.models import Organization
from hireplay.web.outbox import mail
from hireplay.web.outbox.models import Email

LINK_SALT = "hireplay.development.link"
ERASED_NAME = "(erased)"


@dataclass(frozen=True)
class Role:
    """A shipped transition with its two frameworks."""

    name: str
    transition: Transition
    source: Framework
    target: Framework


@cache
def transitions() -> dict[str, Role]:
    """The shipped transitions by file name (frameworks/*.yaml of kind transition)."""
    found: dict[str, Role] = {}
    for path in sorted(Path(FRAMEWORKS_DIR).glob("*.yaml")):
        if kind_of(path.read_text(encoding="utf-8")) == "transition":
            transition, source, target = load_transition(path)
            found[path.stem] = Role(path.stem, transition, source, target)
    return found


def role_of(person: Person) -> Role:
    roles = transitions()
    return roles.get(person.transition) or roles["salesperson-to-sam"]


@cache
def shipped_catalogue() -> Catalogue:
    return load_catalogue(Path(FRAMEWORKS_DIR) / "development-actions.yaml")


def catalogue_for(organization_id: int) -> Catalogue:
    """The organisation's own catalogue of actions (its newest version), else the shipped one."""
    own = ActionCatalogue.objects.filter(organization_id=organization_id).order_by("-pk").first()
    if own is None:
        return shipped_catalogue()
    return Catalogue.model_validate_json(own.parsed)


def check_catalogue(text: str) -> tuple[Catalogue | None, list[Problem]]:
    """A catalogue as typed on the Development actions page, with every problem located (line, column, path)."""
    frameworks = [f for role in transitions().values() for f in (role.source, role.target)]
    return check_catalogue_text(text, "catalogue.yaml", lambda: frameworks)


def save_catalogue(organization: Organization, text: str, by: User) -> tuple[ActionCatalogue | None, list[Problem]]:  # fmt: skip
    """Store a new version of the organisation's catalogue; nothing is stored when it has a problem."""
    if bad := text_problem(text, single_line=False, max_length=200_000):
        return None, [Problem("catalogue.yaml", 1, 1, "", f"the text {bad}")]
    found, problems = check_catalogue(text)
    if found is None or problems:
        return None, problems
    with transaction.atomic():
        row = ActionCatalogue.objects.create(organization=organization, text=text, parsed=found.model_dump_json(),
                                             version=found.version, saved_by=by, saved_at=timezone.now())  # fmt: skip
        record(f"user:{by.get_username()}", "development.catalogue_saved", f"organization:{organization.pk}",
               {"catalogue": found.id, "version": found.version, "actions": len(found.actions)})  # fmt: skip
    return row, []


# People and their rounds.


def add_person(organization: Organization, name: str, email: str, manager: User, transition: str,
               by: str, candidate: Candidate | None = None, language: str = "") -> Person:  # fmt: skip
    with transaction.atomic():
        person = Person.objects.create(organization=organization, name=name, email=email, manager=manager,
                                       transition=transition, candidate=candidate, language=language)  # fmt: skip
        review = Review.objects.create(person=person, number=1, opened_at=timezone.now(),
                                       framework_version=role_of(person).target.version)  # fmt: skip
        record(by, "development.person_added", person.ref, {
            "organization": organization.pk, "transition": transition, "manager": manager.get_username(),
            "candidate": candidate.ref if candidate else None, "review": review.number})  # fmt: skip
    return person


def current_review(person: Person) -> Review:
    return person.reviews.order_by("-number").first() or Review.objects.create(
        person=person, number=1, opened_at=timezone.now(), framework_version=role_of(person).target.version
    )


def sheet_for(review: Review, source: str) -> RatingSheet | None:
    return RatingSheet.objects.filter(review=review, source=source).first()


class SheetError(ValueError):
    """The sheet was already submitted: it is final."""


def read_levels(target: Framework, data: Mapping[str, Any], complete: bool) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:  # fmt: skip
    """The levels and notes typed for each competency, and the problem with each (by competency):
    a level must be 1 to 5, or 0 for "not seen yet" (it then counts as never shown); every
    competency needs an answer before a sheet is submitted."""
    levels: dict[str, int] = {}
    notes: dict[str, str] = {}
    problems: dict[str, str] = {}
    for competency in target.competencies:
        raw = str(data.get(competency.id, "") or "").strip()
        note = str(data.get(f"note-{competency.id}", "") or "").strip()
        if text_problem(note, single_line=False, max_length=2000):
            problems[competency.id] = "note"
        elif note:
            notes[competency.id] = note
        if raw in ("0", "1", "2", "3", "4", "5"):
            levels[competency.id] = int(raw)
        elif raw:
            problems[competency.id] = "level"
        elif complete:
            problems[competency.id] = "missing"
    return levels, notes, problems


def save_sheet(review: Review, source: str, levels: Mapping[str, float], notes: dict[str, str], by: str,
               rater: User | None, submit: bool) -> RatingSheet:  # fmt: skip
    """Save a rater's sheet (a draft, or submitted: then final, and the round's gaps are found again)."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=review.person_id)
        sheet, _ = RatingSheet.objects.get_or_create(review=review, source=source,
                                                     defaults={"saved_at": timezone.now(), "rater": rater})  # fmt: skip
        if sheet.submitted_at is not None:
            raise SheetError("this rating sheet was already submitted")
        sheet.levels, sheet.notes, sheet.saved_at, sheet.rater = dict(levels), notes, timezone.now(), rater
        if submit:
            sheet.submitted_at = timezone.now()
        sheet.save()
        if submit:
            found = refresh_gaps(person, review)
            record(by, "development.rated", person.ref, {
                "review": review.number, "source": source, "competencies": sum(1 for v in levels.values() if v),
                "gaps": sum(g.verdict != "ready" for g in found) if found is not None else None})  # fmt: skip
    return sheet


def evidence(person: Person, target: Framework) -> list[Rating]:
    """The candidate record's evidence, on the 1 to 5 scale: the assessment's score per competency
    (0 to 100 becomes 1 to 5) and the mean of the submitted interview ratings of the questions that
    measure it. Competencies the target role does not have are left out."""
    if person.candidate_id is None:
        return []
    known = {c.id for c in target.competencies}
    found: list[Rating] = []
    score = ScoreRecord.current(person.candidate_id)
    if score is not None:
        for competency in score.report.get("competencies", ()):
            if competency.get("id") in known and competency.get("score") is not None:
                level = round(1 + 4 * float(competency["score"]) / 100, 2)
                found.append(Rating(person.name, competency["id"], "assessment", level, "assessment score"))
    candidate = Candidate.objects.select_related("opening__playbook").get(pk=person.candidate_id)
    playbook = candidate.opening.playbook.to_core()
    measures = {q.id: q.competencies for q in playbook.interview.questions}
    by_competency: dict[str, list[int]] = defaultdict(list)
    for ratings in Scorecard.objects.filter(candidate_id=person.candidate_id, submitted_at__isnull=False).values_list(
            "ratings", flat=True):  # fmt: skip
        for question, value in ratings.items():
            for competency in measures.get(question, ()):
                if competency in known:
                    by_competency[competency].append(int(value))
    for competency, values in by_competency.items():
        found.append(Rating(person.name, competency, "interview", round(sum(values) / len(values), 2),
                            "interview ratings"))  # fmt: skip
    return found


def round_ratings(person: Person, review: Review) -> list[Rating]:
    """Every rating that counts in this round: the candidate record's evidence and the submitted sheets."""
    target = role_of(person).target
    found = evidence(person, target) if review.number == 1 else []
    for sheet in review.sheets.filter(submitted_at__isnull=False):
        found += [Rating(person.name, c, sheet.source, float(v), sheet.notes.get(c, ""))
                  for c, v in sheet.levels.items() if v]  # 0: not seen yet  # fmt: skip
    return found


def refresh_gaps(person: Person, review: Review) -> list[Gap] | None:
    """Find the round's gaps once the manager's ratings are in (None before), store them, and keep
    the person's summary for the team page."""
    if not review.sheets.filter(source="manager", submitted_at__isnull=False).exists():
        return None
    role = role_of(person)
    found = gaps(round_ratings(person, review), role.transition, role.target)
    if person.latest_id is not None and person.erased_at is None:  # the round counted until now
        _count_team(person.organization_id, _open_gaps(person.latest_id), -1)
    GapRecord.objects.filter(review=review).delete()
    GapRecord.objects.bulk_create([GapRecord(
        review=review, competency=g.competency, name=g.name, verdict=g.verdict, level=g.level, required=g.required,
        ceiling=g.ceiling, size=round(g.size, 2), priority=g.priority, trainability=g.trainability,
        transition_class=g.transition_class, sources=[list(s) for s in g.by_source], why=g.why) for g in found])  # fmt: skip
    review.rated_at = timezone.now()
    review.save(update_fields=["rated_at"])
    open_gaps = [g for g in found if g.verdict != "ready"]
    biggest = max(open_gaps, key=lambda g: (g.size, -g.priority), default=None)
    person.latest, person.ready_in, person.gap_count = review, len(found) - len(open_gaps), len(open_gaps)
    person.gap_levels = round(sum(g.size for g in open_gaps), 2)
    person.unlearn = any(g.verdict == "unlearn" for g in open_gaps)
    person.top_gap = biggest.competency if biggest else ""
    person.unrated = False
    person.save(update_fields=["latest", "ready_in", "gap_count", "gap_levels", "unlearn", "top_gap", "unrated"])
    if person.erased_at is None:
        _count_team(person.organization_id, [(g.competency, g.trainability, g.name, round(g.size, 2))
                                             for g in open_gaps], +1)  # fmt: skip
    return found


def _open_gaps(review_id: int) -> list[tuple[str, str, str, float]]:
    return list(GapRecord.objects.filter(review_id=review_id).exclude(verdict="ready")
                .values_list("competency", "trainability", "name", "size"))  # fmt: skip


def _count_team(organization_id: int, rows: Iterable[tuple[str, str, str, float]], sign: int) -> None:
    """Add (`sign` 1) or take away (-1) open gaps (competency, trainability, name, levels short) from
    the organisation's counts, in the caller's transaction."""
    totals: dict[tuple[str, str], list[Any]] = {}
    for competency, trainability, name, size in rows:
        entry = totals.setdefault((competency, trainability), [name, 0, 0.0])
        entry[1] += 1
        entry[2] += size
    if not totals:
        return
    TeamGap.objects.bulk_create([TeamGap(organization_id=organization_id, competency=c, trainability=t, name=v[0])
                                 for (c, t), v in totals.items()], ignore_conflicts=True)  # fmt: skip
    for (competency, trainability), (_, people, levels) in totals.items():
        TeamGap.objects.filter(
            organization_id=organization_id, competency=competency, trainability=trainability
        ).update(people=F("people") + sign * people, levels=F("levels") + sign * levels)


def rebuild_team_counts(organization_id: int) -> None:
    """Count the organisation's open gaps again from every person's latest rated round (after a
    bulk load, or to check the running counts)."""
    with transaction.atomic():
        TeamGap.objects.filter(organization_id=organization_id).delete()
        rows = (GapRecord.objects.filter(review_id__in=_latest_reviews(organization_id)).exclude(verdict="ready")
                .values("competency", "trainability", "name").annotate(n=Count("pk"), total=Sum("size")))  # fmt: skip
        TeamGap.objects.bulk_create([TeamGap(organization_id=organization_id, competency=r["competency"],
                                             trainability=r["trainability"], name=r["name"], people=r["n"],
                                             levels=r["total"]) for r in rows])  # fmt: skip


def stored_gaps(review: Review) -> list[Gap]:
    """The round's gaps as the engine found them (read back from their records)."""
    return [Gap(g.competency, g.name, g.required, g.ceiling, g.level, tuple((s, float(v)) for s, v in g.sources),
                g.verdict, g.transition_class, g.trainability, g.priority, g.why)  # type: ignore[arg-type]
            for g in review.gaps.order_by("priority", "competency")]  # fmt: skip


def open_reassessment(person: Person, due: date | None, by: str) -> Review:
    """A new round: both raters rate again; the earlier rounds stay for the chart."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        last = locked.reviews.order_by("-number").first()
        review = Review.objects.create(person=locked, number=(last.number if last else 0) + 1, opened_at=timezone.now(),
                                       due=due, framework_version=role_of(locked).target.version)  # fmt: skip
        record(by, "development.reassessment_opened", locked.ref,
               {"review": review.number, "due": due.isoformat() if due else None})  # fmt: skip
    return review


def import_ratings(organization: Organization, text: str, file: str, manager: User, transition: str,
                   by: User) -> tuple[list[Person], list[str]]:  # fmt: skip
    """Ratings from a CSV file (person, competency, source, level 1 to 5 with halves, note), as the
    command line reads them: each source's ratings become that source's submitted sheet in the
    person's current round (people not yet here are added with `manager`), and the gaps are found.
    Nothing is written when a line has a problem, or when a source was already submitted this round
    (each problem is returned with its file and line)."""
    role = transitions()[transition]
    try:
        ratings = read_ratings(text, role.target, file)
    except RatingsError as refused:
        return [], refused.problems
    grouped: dict[str, dict[str, list[Rating]]] = defaultdict(lambda: defaultdict(list))
    for rating in ratings:
        grouped[rating.person][rating.source].append(rating)
    existing: dict[str, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(organization=organization, erased_at__isnull=True, name__in=list(grouped)):
        existing[person.name].append(person)
    problems = [f"{file}: {name}: {len(found)} people of this organisation have this name; rate them on their own pages"
                for name, found in existing.items() if len(found) > 1]  # fmt: skip
    for name, found in existing.items():
        if len(found) == 1 and found[0].transition != transition:
            problems.append(f"{file}: {name} is assessed against another target role ({found[0].transition})")
        elif len(found) == 1:
            review = current_review(found[0])
            done = set(review.sheets.filter(submitted_at__isnull=False).values_list("source", flat=True))
            problems += [f"{file}: {name}: the {source} ratings of round {review.number} are already submitted"
                         for source in grouped[name] if source in done]  # fmt: skip
    if problems:
        return [], problems
    people: list[Person] = []
    by_ref = f"user:{by.get_username()}"
    with transaction.atomic():
        for name, sources in grouped.items():
            person = existing[name][0] if existing.get(name) else add_person(organization, name, "", manager,
                                                                              transition, by_ref)  # fmt: skip
            review = current_review(person)
            for source in sorted(sources, key=lambda s: s != "manager"):  # the manager's first: the gaps need them
                rows = sources[source]
                save_sheet(review, source, {r.competency: r.level for r in rows},
                           {r.competency: r.note for r in rows if r.note}, by_ref, by if source == "manager" else None,
                           submit=True)  # fmt: skip
            people.append(person)
    return people, []


# Plans.


def current_plan(person: Person) -> Plan | None:
    return person.plans.order_by("-pk").first()


def make_plan(person: Person, review: Review, start: date, by: User) -> Plan:
    """A plan proposed from the round's gaps and the organisation's catalogue (replacing any
    earlier one, which stays in the record)."""
    found = stored_gaps(review)
    proposed = propose(person.name, found, catalogue_for(person.organization_id), start)
    with transaction.atomic():
        plan = Plan.objects.create(person=person, review=review, made_at=timezone.now(), made_by=by,
                                   reassess_on=proposed.reassess_on)  # fmt: skip
        PlanStep.objects.bulk_create([PlanStep(
            plan=plan, position=i, action=s.action.id, title=s.action.title, kind=s.action.kind, competency=s.competency,
            serves=list(s.serves), owner=s.owner, start=s.start, due=s.due, why=s.why)
            for i, s in enumerate(proposed.steps, 1)])  # fmt: skip
        record(f"user:{by.get_username()}", "development.plan_made", person.ref, {
            "review": review.number, "steps": [s.action.id for s in proposed.steps],
            "reassess_on": proposed.reassess_on.isoformat() if proposed.reassess_on else None})  # fmt: skip
    return plan


def _unsign(plan: Plan) -> None:
    plan.signed_by_person_at = plan.signed_by_manager_at = None
    plan.signed_by_manager = None
    plan.save(update_fields=["signed_by_person_at", "signed_by_manager_at", "signed_by_manager"])


def add_plan_step(plan: Plan, action_id: str, competency: str, start: date, by: User) -> PlanStep:
    """An action added by hand for one gap; PlanError with the reason when it does not belong."""
    actions = {a.id: a for a in catalogue_for(plan.person.organization_id).actions}
    action = actions.get(action_id)
    if action is None:
        raise PlanError(f"'{action_id}' is not an action of the catalogue")
    gap = next((g for g in stored_gaps(plan.review) if g.competency == competency), None)
    if gap is None:
        raise PlanError(f"'{competency}' is not a competency of the target role")
    step = add_step(CorePlan(plan.person.name), action, gap, start)
    with transaction.atomic():
        row = PlanStep.objects.create(
            plan=plan, position=(plan.steps.count() + 1), action=action.id, title=action.title, kind=action.kind,
            competency=competency, serves=[competency], owner=step.owner, start=step.start, due=step.due, why=step.why)  # fmt: skip
        if row.due > (plan.reassess_on or row.due) - timedelta(weeks=2):
            plan.reassess_on = row.due + timedelta(weeks=2)
            plan.save(update_fields=["reassess_on"])
        _unsign(plan)
        record(f"user:{by.get_username()}", "development.plan_changed", plan.person.ref,
               {"step": row.position, "action": action.id, "change": "added", "competency": competency})  # fmt: skip
    return row


def update_step(step: PlanStep, status: str, progress: str, by: str) -> None:
    """Progress on one action: its status and a note of what was done."""
    with transaction.atomic():
        step.status, step.progress, step.updated_at = status, progress, timezone.now()
        step.save(update_fields=["status", "progress", "updated_at"])
        record(by, "development.plan_changed", step.plan.person.ref,
               {"step": step.position, "action": step.action, "change": status})  # fmt: skip


def sign_plan(plan: Plan, as_: str, by: str, manager: User | None = None) -> None:
    """The person or the manager agrees to the plan as it stands."""
    with transaction.atomic():
        if as_ == "manager":
            plan.signed_by_manager_at, plan.signed_by_manager = timezone.now(), manager
            plan.save(update_fields=["signed_by_manager_at", "signed_by_manager"])
        else:
            plan.signed_by_person_at = timezone.now()
            plan.save(update_fields=["signed_by_person_at"])
        record(by, "development.plan_signed", plan.person.ref, {"plan": plan.pk, "as": as_})


# The personal link.


def link_token(person: Person) -> str:
    return signing.dumps({"p": person.pk, "k": person.secret[:12]}, salt=LINK_SALT, compress=True)


def person_from_token(token: str) -> Person | None:
    """The person a genuine personal link names (none after a new link was issued, or after erasure)."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("k"), str):
        return None
    person = Person.objects.select_related("organization", "manager").filter(pk=data["p"]).first()
    if person is None or person.erased_at is not None or not secrets.compare_digest(person.secret[:12], data["k"]):
        return None
    return person


def issue_link(person: Person, by: str, message: Any | None = None) -> str:
    """A new personal link (earlier ones stop working), e-mailed when the person has an address."""
    with transaction.atomic():
        person.secret = secrets.token_hex(16)
        person.save(update_fields=["secret"])
        if message is not None and person.email:
            mail.queue(message(link_token(person)), "development-link", person.ref, organization=person.organization)
        record(by, "development.link_issued", person.ref, {"emailed": bool(message is not None and person.email)})
    return link_token(person)


# Team readiness, read from the stored columns: a constant number of queries whatever the team's size.


def _latest_reviews(organization_id: int) -> Any:
    return Person.objects.filter(organization_id=organization_id, erased_at__isnull=True,
                                 latest__isnull=False).values("latest_id")  # fmt: skip


def team_lacks(organization_id: int, limit: int = 12) -> list[dict[str, Any]]:
    """The competencies the team lacks most: people with a gap in each, and levels short in all
    (read from the running counts)."""
    rows = (TeamGap.objects.filter(organization_id=organization_id, people__gt=0).values("competency", "name")
            .annotate(n=Sum("people"), total=Sum("levels")).order_by("-n", "-total", "competency"))  # fmt: skip
    return [{"competency": r["competency"], "name": r["name"], "people": r["n"], "levels": round(r["total"], 2)}
            for r in rows[:limit]]  # fmt: skip


def team_training(organization_id: int, catalogue: Catalogue) -> list[tuple[Action, int]]:
    """The catalogue's actions by how many of the team's open gaps each suits (most first)."""
    counts = {(c, t): n for c, t, n in TeamGap.objects.filter(organization_id=organization_id, people__gt=0)
                  .values_list("competency", "trainability", "people")}  # fmt: skip
    ranked = [(a, sum(n for (c, t), n in counts.items() if c in a.competencies and a.kind in SUITS[t]))
              for a in catalogue.actions]  # fmt: skip
    return sorted([r for r in ranked if r[1]], key=lambda r: (-r[1], r[0].id))


def chart_points(person: Person) -> list[dict[str, Any]]:
    """Each rated round's level per competency, for the change-over-time chart."""
    rows = (GapRecord.objects.filter(review__person=person, review__rated_at__isnull=False)
            .values("review__number", "review__rated_at", "competency", "name", "level", "required", "ceiling",
                    "priority").order_by("priority", "review__number"))  # fmt: skip
    return [dict(row) for row in rows]


# Erasure.


def erase(person: Person, by: str, why: str = "request") -> bool:
    """Erase one person's personal data: their name and address, every note and plan text; the
    levels stay (they are not personal without the name) so the organisation's counts stay right."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.erased_at is not None:
            return False
        sheets = RatingSheet.objects.filter(review__person=locked)
        notes = sum(len(s.notes) for s in sheets)
        sheets.update(notes={})
        PlanStep.objects.filter(plan__person=locked).update(progress="")
        locked.name, locked.email, locked.secret = ERASED_NAME, "", secrets.token_hex(16)
        if locked.latest_id is not None:  # no longer counted in the team's gaps
            _count_team(locked.organization_id, _open_gaps(locked.latest_id), -1)
        locked.candidate, locked.erased_at = None, timezone.now()
        locked.save(update_fields=["name", "email", "secret", "candidate", "erased_at"])
        mail_rows = Email.objects.filter(about=locked.ref).delete()[0]
        record(
            by,
            "development.person_erased",
            locked.ref,
            {"why": why, "notes_deleted": notes, "emails_deleted": mail_rows},
        )
    return True
