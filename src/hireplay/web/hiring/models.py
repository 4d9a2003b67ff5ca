"""Facts of the hiring process: pinned playbooks, openings, candidates, sessions and answers.

Derived figures (score reports) are stored with the playbook hash and engine version that made
them, and can always be recomputed from these facts.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from hireplay.core.playbook import Playbook
from hireplay.core.scoring import Responses, ScoreReport
from hireplay.web.orgs.models import Organization


class PlaybookVersion(models.Model):
    """The exact content of a playbook, stored once per content hash and never changed."""

    content_hash = models.CharField(max_length=71, unique=True)
    playbook_id = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.playbook_id} v{self.version} ({self.content_hash[:15]}…)"

    @classmethod
    def pin(cls, playbook: Playbook) -> PlaybookVersion:
        """The stored version of this exact content, created if it is new."""
        stored, _ = cls.objects.get_or_create(
            content_hash=playbook.content_hash,
            defaults={
                "playbook_id": playbook.id,
                "version": playbook.version,
                "title": playbook.role.title,
                "content": playbook.canonical_content(),
            },
        )
        return stored

    def to_core(self) -> Playbook:
        """The validated playbook; raises if the stored content no longer has its hash."""
        return core_playbook(self.content_hash, lambda: self.content)


_VALIDATED: dict[str, Playbook] = {}


def core_playbook(content_hash: str, content: Callable[[], Any]) -> Playbook:
    """The validated playbook with this hash, validated once per process (content never changes)."""
    playbook = _VALIDATED.get(content_hash)
    if playbook is None:
        playbook = Playbook.model_validate(content())
        if playbook.content_hash != content_hash:
            raise ValueError(f"the stored playbook does not match its hash {content_hash}")
        if len(_VALIDATED) > 256:
            _VALIDATED.clear()
        _VALIDATED[content_hash] = playbook
    return playbook


def new_apply_key() -> str:
    return secrets.token_urlsafe(12)


class JobOpening(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="openings")
    title = models.CharField(max_length=200)
    playbook = models.ForeignKey(PlaybookVersion, on_delete=models.PROTECT, related_name="openings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    # The language a candidate gets when neither the invitation nor the browser names one the
    # playbook is available in ("": the playbook's own).
    language = models.CharField(max_length=8, blank=True, default="")
    # The one person (beside the organisation's administrators) who decides on this opening's candidates.
    hiring_manager = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The public application page (/apply/<apply_key>/): open or not, and whether an applicant who
    # passes the screening questions gets the assessment invitation at once.
    applications_open = models.BooleanField(default=False)
    auto_invite = models.BooleanField(default=False)
    apply_key = models.CharField(max_length=32, unique=True, default=new_apply_key)

    def __str__(self) -> str:
        return self.title


def new_secret() -> str:
    return secrets.token_hex(32)


class Candidate(models.Model):
    class Stage(models.TextChoices):
        ADDED = "added", _("Added")
        REVIEW = "review", _("Application to review")  # a screening answer the role needs was not given
        INVITED = "invited", _("Invited")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        SCORED = "scored", _("Scored")
        INTERVIEW = "interview", _("Interview")
        DECIDED = "decided", _("Decided")  # before decisions had outcomes by stage
        ON_HOLD = "on_hold", _("On hold")
        REJECTED = "rejected", _("Rejected")
        HIRED = "hired", _("Hired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        TEAM = "team", _("Added by the team")
        IMPORT = "import", _("Imported from a file")
        API = "api", _("Added through the API")
        APPLICATION = "application", _("Applied on the public page")

    opening = models.ForeignKey(JobOpening, on_delete=models.PROTECT, related_name="candidates")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.TEAM)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.ADDED)
    extra_time_percent = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # The key of this candidate's digests in the audit log; erasure destroys it (docs/privacy.md).
    secret = models.CharField(max_length=64, default=new_secret)
    erased_at = models.DateTimeField(null=True, blank=True)
    # When the organisation sent the candidate their score breakdown (a page on their link).
    results_shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opening", "email"], name="one_candidacy_per_opening")]

    def __str__(self) -> str:
        return self.name

    @property
    def ref(self) -> str:
        """How the audit log names this candidate: a pseudonym, never a name or address."""
        return f"candidate:{self.pk}"


class Invitation(models.Model):
    """A link sent to a candidate; the token in the link is this row's id, signed and dated."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="invitations")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)
    # The language the candidate reads the assessment in, when the recruiter or the candidate chose one.
    language = models.CharField(max_length=8, blank=True, default="")
    # When the candidate first opened the link (its landing page), for the team's invitation history.
    opened_at = models.DateTimeField(null=True, blank=True)
    # Reminders sent with this link: how many, and the latest (audit events invitation.reminded).
    reminders = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)


class AssessmentSession(models.Model):
    """One attempt: its seed fixes the candidate's numbers; the deadline is the server's."""

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="session")
    seed = models.BigIntegerField()
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The language the attempt is taken in, fixed when it starts ("": the playbook's own).
    language = models.CharField(max_length=8, blank=True, default="")

    def responses(self, ratings: dict[str, dict[str, float]] | None = None) -> Responses:
        """The answers (and any rater's points) as the scoring engine reads them."""
        answers: dict[str, Any] = {a.item_id: a.value for a in self.answers.all()}
        return Responses(candidate=str(self.candidate_id), seed=self.seed, answers=answers, ratings=ratings or {},
                         language=self.language)  # fmt: skip


class Answer(models.Model):
    """The latest answer to one item. `seq` is the page's save counter: only a newer save wins."""

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(max_length=64)
    value = models.JSONField()
    seq = models.PositiveBigIntegerField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "item_id"], name="one_answer_per_item")]


class LateSave(models.Model):
    """A save that arrived after the deadline and its grace period, or after the attempt was
    submitted: not counted, but kept, with the moment the candidate's device says it was made, for
    a person to accept (it then replaces the answer and the attempt is scored again) or decline."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="late_saves")
    item_id = models.CharField(max_length=64)
    value = models.JSONField()
    seq = models.PositiveBigIntegerField(null=True)
    arrived_at = models.DateTimeField()
    # The candidate's device clock when the answer was made (as sent; a computer's clock can be wrong).
    device_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    reviewed_by = models.CharField(max_length=200, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "item_id", "seq"], name="one_late_save_per_seq")]


class ScoreRecord(models.Model):
    """A score report as the engine made it, with what made it. A candidate's attempt may have
    several (each rating of a written answer adds one); the newest is the one in force."""

    session = models.ForeignKey(AssessmentSession, on_delete=models.PROTECT, related_name="scores")
    playbook_hash = models.CharField(max_length=71)
    engine_version = models.CharField(max_length=20)
    report = models.JSONField()
    # Points people gave the criteria the engine leaves to a rater: {item id: {criterion id: points}}.
    ratings = models.JSONField(default=dict)
    # Why a rater corrected an automatic criterion: {item: {criterion: reason}} (erased with the candidate).
    reasons = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def to_core(self) -> ScoreReport:
        """The stored report as the engine's typed report."""
        return ScoreReport.from_dict(self.report)

    @classmethod
    def current(cls, candidate_id: int) -> ScoreRecord | None:
        """The score record in force for a candidate (None before the attempt is scored)."""
        return cls.objects.filter(session__candidate_id=candidate_id).order_by("-pk").first()

    @classmethod
    def _current(cls) -> models.QuerySet[ScoreRecord]:
        return cls.objects.filter(session__candidate_id=OuterRef("pk")).order_by("-pk")

    @classmethod
    def current_pk(cls) -> Subquery:
        """The pk of the record in force, as a subquery over the outer query's candidate: a list of
        candidates gets it in the same query."""
        return Subquery(cls._current().values("pk")[:1])

    @classmethod
    def current_percent(cls) -> Subquery:
        """The total percent of the record in force, as a subquery over the outer query's candidate."""
        percent = Cast(KT("report__total__percent"), models.FloatField())
        return Subquery(cls._current().annotate(percent=percent).values("percent")[:1])


class IntegritySignal(models.Model):
    """A fact the candidate's page recorded about how an answer was made, summed per attempt, kind
    and item: pastes into an answer (how many, how many characters), leaving the page (how often,
    how long in milliseconds), and how soon after the previous answer an item was first answered
    (the shortest time, in milliseconds). Shown to the hiring team with an explanation; never an
    input to a score or a recommendation (docs/candidates.md)."""

    class Kind(models.TextChoices):
        PASTE = "paste", _("Pasted text")
        AWAY = "away", _("Left the page")
        QUICK = "quick", _("Answered quickly")

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    item_id = models.CharField(max_length=64, blank=True)  # blank for leaving the page
    count = models.PositiveIntegerField(default=0)
    amount = models.PositiveBigIntegerField(default=0)  # characters, or milliseconds
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "kind", "item_id"], name="one_signal_per_kind_item")]


class LibraryPlaybook(models.Model):
    """A playbook an organisation wrote and published for its own openings: one row per version,
    with the text as it was published (for reading and comparing versions). Its content is the
    PlaybookVersion it names, pinned by hash like a shipped playbook's."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="library")
    version = models.ForeignKey(PlaybookVersion, on_delete=models.PROTECT, related_name="+")
    source = models.TextField()
    published_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="one_library_entry_per_version")
        ]


class Application(models.Model):
    """What an applicant sent through the public page: their screening answers, the knock-outs
    they missed (a person then advances or rejects them), a phone number, a language and a CV."""

    class Review(models.TextChoices):
        ADVANCED = "advanced", _("Advanced")
        REJECTED = "rejected", _("Rejected")

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="application")
    received_at = models.DateTimeField()
    phone = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=8, blank=True)
    answers = models.JSONField(default=dict)  # screening question id -> answer
    missed = models.JSONField(default=list)  # [[question id, why in words]]
    cv_name = models.CharField(max_length=200, blank=True)
    cv_type = models.CharField(max_length=100, blank=True)
    cv = models.BinaryField(null=True, blank=True)  # kept in the database: backed up and erased with the rest
    review = models.CharField(max_length=10, choices=Review.choices, blank=True)
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
