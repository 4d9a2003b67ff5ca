"""Organisations keep their data apart; people act in an organisation through a role."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from hireplay.web.middleware import LANGUAGE_KEY


class Organization(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Recruitment agency")
        COMPANY = "company", _("Company")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # An agency's client companies; a company hiring for itself has no agency.
    agency = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="clients")
    created_at = models.DateTimeField(auto_now_add=True)
    # Candidates are erased this many days after their last activity (None: kept until erased on request).
    retention_days = models.PositiveIntegerField(null=True, blank=True)
    # Interview times are typed and shown in this IANA time zone.
    time_zone = models.CharField(max_length=64, default="UTC")
    # Where a candidate asks for an accommodation or an alternative process (shown on their page).
    contact_email = models.EmailField(blank=True)
    # The voluntary self-identification form offered to candidates after they submit ("" for none;
    # a key of core.insights.selfid.FORMS), and why the organisation asks (shown with the form).
    self_id_form = models.CharField(max_length=20, blank=True, default="",
                                    choices=[("", "None"), ("us-eeo", "United States: EEO-1 sex and race/ethnicity"),
                                             ("eu", "European Union: gender and age band")])  # fmt: skip
    self_id_purpose = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "organisation"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        RECRUITER = "recruiter", _("Recruiter")
        HIRING_MANAGER = "hiring_manager", _("Hiring manager")
        INTERVIEWER = "interviewer", _("Interviewer")
        COMPLIANCE = "compliance", _("Compliance officer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name="organisation"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_organization")]
        verbose_name = "membership and role"

    def __str__(self) -> str:
        return f"{self.user} as {self.role} of {self.organization}"


class ApiToken(models.Model):
    """A token for integrations; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API token"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return "hp_" + secrets.token_urlsafe(32)

    @classmethod
    def issue(cls, user: Any, name: str) -> str:
        token = cls.new_token()
        cls.objects.create(user=user, name=name, digest=cls.digest_of(token))
        return token


class Logo(models.Model):
    """An organisation's logo (PNG or JPEG), on its reports and public application pages. A row of
    its own, so that loading an organisation never loads the image."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="logo")
    content = models.BinaryField()
    media_type = models.CharField(max_length=20)

    @property
    def data_uri(self) -> str:
        """The logo as a data: URI for an <img> (a PDF is one file: it carries its images)."""
        return f"data:{self.media_type};base64,{base64.b64encode(bytes(self.content)).decode()}"


class Preference(models.Model):
    """A person's own settings: the language of their staff pages (and of the dates on them)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(max_length=8, default="en")


@receiver(user_logged_in, dispatch_uid="hireplay-staff-language")
def remember_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Keep the person's chosen language in their session for as long as it lasts (one query at
    sign-in, none per page)."""
    if request is not None and hasattr(request, "session"):
        chosen = Preference.objects.filter(user=user).values_list("language", flat=True).first()
        request.session[LANGUAGE_KEY] = chosen or "en"
