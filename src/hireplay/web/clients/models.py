"""An organisation's own clients (for key-account work): accounts, engagements, contracts,
satisfaction, and every classification they were given."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from hireplay.web.orgs.models import Organization


class ClientAccount(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="client_accounts")
    external_id = models.CharField(max_length=100)  # the CRM's id (or the name when the export has none)
    name = models.CharField(max_length=300)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subsidiaries")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="client_accounts")  # fmt: skip
    owner_name = models.CharField(max_length=200, blank=True)  # as the CRM names the owner, when no user matches
    annual_revenue = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    active_contacts = models.PositiveIntegerField(null=True, blank=True)
    strategic_fit = models.PositiveSmallIntegerField(null=True, blank=True)
    strategic_fit_on = models.DateField(null=True, blank=True)
    referral_influence = models.PositiveSmallIntegerField(null=True, blank=True)
    referral_influence_on = models.DateField(null=True, blank=True)
    licences_bought = models.PositiveIntegerField(null=True, blank=True)
    licences_used = models.PositiveIntegerField(null=True, blank=True)
    open_tickets = models.PositiveIntegerField(null=True, blank=True)
    renewal_date = models.DateField(null=True, blank=True)
    last_contact = models.DateField(null=True, blank=True)
    usage_trend = models.FloatField(null=True, blank=True)  # change in usage over the CRM's window, in %
    open_escalations = models.PositiveIntegerField(null=True, blank=True)
    ticket_trend = models.FloatField(null=True, blank=True)  # change in support tickets, in %
    champion_left_on = models.DateField(null=True, blank=True)
    main_contact = models.CharField(max_length=200, blank=True)  # the person we deal with first
    contact_email = models.CharField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    # The week: an account snoozed until a date, or done this week, is not listed.
    snoozed_until = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    # The review interval counts from here: the account's arrival, then each signed-off review.
    review_since = models.DateField(default=date.today)
    extra = models.JSONField(default=dict, blank=True)  # columns of the import we do not use, kept
    created_at = models.DateTimeField(auto_now_add=True)
    # The latest classification, and what the lists filter and sort by, kept as indexed columns so
    # that a page reads only the rows it shows (set by services.classify_organization).
    latest = models.ForeignKey("Classification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tier = models.CharField(max_length=64, blank=True, default="")
    tier_rank = models.PositiveSmallIntegerField(default=999)  # the tier's place in its policy; 999: never classified
    status = models.CharField(max_length=64, blank=True, default="")
    score = models.FloatField(null=True, blank=True)
    sort_score = models.FloatField(default=-1.0)  # the score, -1 when unknown: the list's order on every database
    classified_on = models.DateField(null=True, blank=True)
    has_conflict = models.BooleanField(default=False)
    urgency = models.FloatField(default=0.0)  # the week's order, as of the latest classification
    week = models.JSONField(default=dict, blank=True)  # the week's reasons and first action, as of then

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "external_id"], name="one_account_per_crm_id")]
        indexes = [
            models.Index(fields=["organization", "name"]),
            models.Index(fields=["organization", "tier_rank", "-sort_score", "name"], name="client_by_rank"),
            models.Index(fields=["organization", "tier", "-sort_score", "name"], name="client_by_tier"),
            models.Index(fields=["organization", "owner"], name="client_by_owner"),
            models.Index(fields=["organization", "status"], name="client_by_status"),
            models.Index(fields=["organization", "classified_on"], name="client_by_classified_on"),
            models.Index(fields=["organization", "has_conflict"], name="client_by_conflict"),
            models.Index(fields=["organization", "owner_name"], name="client_by_owner_name"),
            models.Index(fields=["organization", "review_since", "name"], name="client_by_review"),
            models.Index(fields=["organization", "owner", "-urgency"], name="client_week_by_owner"),
            models.Index(fields=["organization", "owner_name", "-urgency"], name="client_week_by_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_label(self) -> str:
        return self.owner.get_username() if self.owner else self.owner_name


class Engagement(models.Model):
    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="engagements")
    external_id = models.CharField(max_length=100, blank=True)
    on = models.DateField()
    revenue = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    kind = models.CharField(max_length=100, blank=True)
    open = models.BooleanField(default=False)  # an open deal (neither won nor lost): pipeline, not revenue

    class Meta:
        indexes = [models.Index(fields=["account", "on"])]


class Contract(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Framework agreement"
        RETAINER = "retainer", "Retainer"
        EXCLUSIVE = "exclusive", "Exclusive partnership"

    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="contracts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)


class Satisfaction(models.Model):
    class Kind(models.TextChoices):
        NPS = "nps", "NPS"
        CSAT = "csat", "CSAT"
        CSAT5 = "csat5", "CSAT (1-5)"

    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="satisfaction")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    score = models.FloatField()
    on = models.DateField()


class Activity(models.Model):
    """What someone did with an account: a call or meeting logged, the week's task snoozed or
    done, judgement criteria set, a review signed off. Kept, never edited."""

    class Kind(models.TextChoices):
        CALL = "call", "Call"
        MEETING = "meeting", "Meeting"
        SNOOZE = "snooze", "Snoozed"
        DONE = "done", "Done for the week"
        JUDGEMENT = "judgement", "Judgement set"
        REVIEW = "review", "Review signed off"

    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField()  # when it happened (a call), or until when (a snooze)
    note = models.TextField(blank=True, max_length=2000)
    details = models.JSONField(default=dict, blank=True)  # what changed: {field: [before, after]}, changes
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["account", "-created_at"])]


class Classification(models.Model):
    """One classification of one account: what the engine said, by which policy, as of which day."""

    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="classifications")
    as_of = models.DateField()
    policy_id = models.CharField(max_length=64)
    policy_hash = models.CharField(max_length=71)
    tier = models.CharField(max_length=64)
    status = models.CharField(max_length=64)
    score = models.FloatField(null=True)
    known_weight = models.FloatField()
    urgency = models.FloatField(default=0.0)  # for the owner's week (result["week"] holds the reasons and action)
    result = models.JSONField()  # criteria, risk, adjustments, conflict, rationale, changes (week: before 0007)
    # What a person reads of the result (the policy, the rationale without its changes), hashed: a
    # classification is stored only when this differs from the account's latest ("" before 0007).
    digest = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["account", "-as_of"])]


class ClientPolicy(models.Model):
    """A version of an organisation's own key-account policy, as adopted (YAML text, linted before
    it could be adopted). The newest one is the organisation's policy; without any, the shipped one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="client_policies")
    number = models.PositiveIntegerField()  # 1, 2, ... per organisation
    text = models.TextField()
    policy_id = models.CharField(max_length=64)
    policy_version = models.CharField(max_length=32)
    content_hash = models.CharField(max_length=71)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    adopted_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True, max_length=2000)
    preview = models.JSONField(default=dict)  # the tier changes it was adopted on: {"from→to": count}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="one_policy_number_per_org")]


class ImportJob(models.Model):
    """A large CRM import run in the background: its progress, then its report (or why it stopped)."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Stopped"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    stage = models.CharField(max_length=40, default="reading")  # reading, writing, done
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    heartbeat = models.DateTimeField(auto_now_add=True)  # the worker's last sign of life
    files = models.JSONField(default=dict)  # kind -> the file's name
    report = models.JSONField(default=dict)
    error = models.TextField(blank=True)
