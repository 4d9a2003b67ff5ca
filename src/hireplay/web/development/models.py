"""Internal people assessed against a target role (docs/development.md): the rounds of ratings
(a manager's and the person's own, each blind to the other until submitted), the gaps each round
found, and the development plan with its progress and signatures.

The ratings are the facts; the gaps are derived from them by `hireplay.core.development` and kept
beside them (with the framework's version) so that the team page reads columns instead of
recomputing everyone."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hireplay.web.orgs.models import Organization


def new_secret() -> str:
    return secrets.token_hex(16)


class Person(models.Model):
    """Someone of the organisation (a salesperson) assessed against a target role."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="development_people")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    # Who rates them as their manager, and signs their plan.
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="development_reports")
    transition = models.CharField(max_length=80, default="salesperson-to-sam")  # a shipped transition's file name
    # A candidate record whose assessment and interview are evidence (an internal applicant).
    candidate = models.ForeignKey("hiring.Candidate", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="development_people")  # fmt: skip
    language = models.CharField(max_length=8, blank=True, default="")
    # Part of the personal link: a new secret makes every earlier link stop working.
    secret = models.CharField(max_length=64, default=new_secret)
    added_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    # The latest round whose gaps are known, and their summary (the team page's columns).
    unrated = models.BooleanField(default=True)  # no round rated yet: ranked after everyone rated
    latest = models.ForeignKey("Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ready_in = models.PositiveSmallIntegerField(null=True, blank=True)
    gap_count = models.PositiveSmallIntegerField(null=True, blank=True)
    gap_levels = models.FloatField(null=True, blank=True)
    unlearn = models.BooleanField(default=False)
    top_gap = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        # The team page's order, read from the index a page at a time.
        indexes = [models.Index(fields=["organization", "erased_at", "unrated", "gap_count", "gap_levels", "name", "id"],
                                name="development_rank")]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def ref(self) -> str:
        """How the audit log names this person: a pseudonym, never a name."""
        return f"person:{self.pk}"


class Review(models.Model):
    """One round of assessment: the first, then each reassessment."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reviews")
    number = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField()
    due = models.DateField(null=True, blank=True)
    # When the manager's ratings came in and the gaps were found (None: still waiting for them).
    rated_at = models.DateTimeField(null=True, blank=True)
    framework_version = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="one_review_number")]


class RatingSheet(models.Model):
    """One rater's levels (1 to 5) for each competency of the target role: a draft is the rater's
    alone; once submitted it is final, and the other rater may see it once theirs is in."""

    class Source(models.TextChoices):
        MANAGER = "manager", _("Manager")
        SELF = "self", _("Self-rating")
        # Evidence imported from a file (an assessment or interview held outside hireplay).
        ASSESSMENT = "assessment", _("Assessment")
        INTERVIEW = "interview", _("Interview")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sheets")
    source = models.CharField(max_length=10, choices=Source.choices)
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    levels = models.JSONField(default=dict)  # competency -> 1..5 (halves from an import), 0: not seen yet
    notes = models.JSONField(default=dict)  # competency -> what was seen
    saved_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "source"], name="one_sheet_per_source")]


class GapRecord(models.Model):
    """The gap a round found in one competency, with the sentence that explains it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="gaps")
    competency = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    verdict = models.CharField(max_length=10)  # ready, reinforce, acquire, unlearn
    level = models.FloatField(null=True, blank=True)
    required = models.PositiveSmallIntegerField(null=True, blank=True)
    ceiling = models.PositiveSmallIntegerField(null=True, blank=True)
    size = models.FloatField()
    priority = models.PositiveSmallIntegerField()
    trainability = models.CharField(max_length=20)
    transition_class = models.CharField(max_length=10)
    sources = models.JSONField(default=list)  # [[source, level], ...]
    why = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "competency"], name="one_gap_per_competency")]
        indexes = [models.Index(fields=["competency", "verdict"], name="development_gap_kind")]


class Plan(models.Model):
    """A development plan made from a round's gaps; the newest is the one in force."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="plans")
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reassess_on = models.DateField(null=True, blank=True)
    # Both sign the plan as it stands; any change to it afterwards asks for both signatures again.
    signed_by_person_at = models.DateTimeField(null=True, blank=True)
    signed_by_manager_at = models.DateTimeField(null=True, blank=True)
    signed_by_manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")  # fmt: skip


class PlanStep(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=64)  # the catalogue action's id
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    competency = models.CharField(max_length=64)
    serves = models.JSONField(default=list)
    owner = models.CharField(max_length=10)  # person or manager
    start = models.DateField()
    due = models.DateField()
    why = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    progress = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]


class ActionCatalogue(models.Model):
    """A version of an organisation's own catalogue of development actions (YAML as typed, and as
    validated); plans use the newest. Without one, the shipped catalogue."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="action_catalogues")
    text = models.TextField()
    parsed = models.TextField()  # the validated catalogue as JSON
    version = models.CharField(max_length=40)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField()


class TeamGap(models.Model):
    """How many of an organisation's people (their latest rated round, not erased) have an open gap
    in one competency, and how many levels short they are in all: kept up to date as gaps are
    found, so the team page reads a few rows instead of every person's gaps."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    competency = models.CharField(max_length=64)
    trainability = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    people = models.IntegerField(default=0)
    levels = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "competency", "trainability"],
                                               name="one_team_gap_count")]  # fmt: skip
