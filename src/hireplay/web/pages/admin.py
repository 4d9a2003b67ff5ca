"""The administration pages (Django's admin at /admin/), for the platform's administrators only
(superusers, made with `hireplay manage createsuperuser`): organisations with their retention
period, people, memberships and roles, API tokens, and reasons for a rejection.

Every addition, change and deletion made here is also an event of the audit log (`admin.added`,
`admin.changed`, `admin.deleted`), written in the same transaction, with the values it set
(never a password or a token). A token is made here and shown once, as on the command line.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

from hireplay.core.plaintext import text_problem
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import record
from hireplay.web.decisions.models import DispositionReason
from hireplay.web.flows.privacy import MAX_RETENTION_DAYS
from hireplay.web.orgs.models import ApiToken, Membership, Organization

# Never in the log: secrets, and a person's name and address (the log cannot forget; it names people
# by username, and says which of these fields changed).
SECRET_FIELDS = {"password", "digest"}
PERSONAL_FIELDS = {"first_name", "last_name", "email"}


class Site(admin.AdminSite):
    site_header = "hireplay administration"
    site_title = "hireplay administration"
    index_title = "Organisations, people and their roles"
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        """Only the platform's administrators; an organisation's own administrators use its settings page."""
        return bool(request.user.is_active and request.user.is_superuser)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """One sign-in page for everyone (ours, with its throttling); a signed-in person who is not a
        platform administrator is told so, not asked to sign in again."""
        if request.user.is_authenticated:
            return HttpResponse("<!doctype html><title>Not allowed</title><p>The administration pages are for "
                                "the platform's administrators. Your organisation's settings are under "
                                "<a href=\"/settings/\">Settings</a>.</p>", status=403)  # fmt: skip
        target = request.GET.get("next", "/admin/")
        return HttpResponseRedirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}")


site = Site(name="admin")


def _subject(obj: Model) -> str:
    """The audit log's reference for what changed: the organisation, or the person."""
    if isinstance(obj, Organization):
        return f"organization:{obj.pk}"
    if isinstance(obj, User):
        return f"user:{obj.get_username()}"
    if isinstance(obj, ApiToken):
        return f"user:{obj.user.get_username()}"
    return f"organization:{obj.organization_id}"  # type: ignore[attr-defined]


def _values(obj: Model) -> dict[str, Any]:
    """The stored values of the object's own fields, as text (never a password or a token's digest)."""
    found: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if (
            field.name in SECRET_FIELDS
            or field.primary_key
            or (isinstance(obj, User) and field.name in PERSONAL_FIELDS)
        ):
            continue
        value = getattr(obj, field.attname)
        found[field.name] = value if value is None or isinstance(value, (bool, int, str)) else str(value)
    return found


def _fields(message: Any) -> list[str]:
    """The fields a change message of the admin names (it may name none: a save with no change)."""
    names: list[str] = []
    for part in message if isinstance(message, list) else []:
        names += part.get("changed", {}).get("fields", [])
    return names


class Audited(admin.ModelAdmin):  # type: ignore[type-arg]
    """Writes an audit event beside the admin's own log entry, in the same transaction."""

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        record(actor(request.user), "admin.added", _subject(obj),
               {"model": obj._meta.model_name, "id": obj.pk, "values": _values(obj)})  # fmt: skip
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        record(actor(request.user), "admin.changed", _subject(obj),
               {"model": obj._meta.model_name, "id": obj.pk, "fields": _fields(message), "values": _values(obj)})  # fmt: skip
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            record(actor(request.user), "admin.deleted", _subject(obj),
                   {"model": obj._meta.model_name, "id": obj.pk, "values": _values(obj)})  # fmt: skip
        return super().log_deletions(request, queryset)


class OrganizationForm(forms.ModelForm):  # type: ignore[type-arg]
    time_zone = forms.ChoiceField(choices=[(z, z) for z in sorted(available_timezones())], initial="UTC")

    class Meta:
        model = Organization
        fields = [
            "name",
            "slug",
            "kind",
            "agency",
            "retention_days",
            "time_zone",
            "contact_email",
            "self_id_form",
            "self_id_purpose",
        ]
        help_texts = {"retention_days": f"Candidates are erased this many days after their last activity "
                                        f"(1 to {MAX_RETENTION_DAYS}); empty keeps them until erased on request.",
                      "agency": "For a client company of a recruitment agency: the agency, whose staff then work "
                                "on its openings.",
                      "self_id_form": "Offered to candidates after they submit, voluntary, kept apart from hiring and "
                                      "read only by the organisation's compliance officers.",
                      "self_id_purpose": "Why the organisation asks, shown with the form (required with a form)."}  # fmt: skip

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"])
        problem = text_problem(name)
        if problem:
            raise forms.ValidationError(f"The name {problem}.")
        return name

    def clean_retention_days(self) -> int | None:
        days = self.cleaned_data.get("retention_days")
        if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
            raise forms.ValidationError(f"Give a number of days from 1 to {MAX_RETENTION_DAYS}, or leave it empty.")
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency = data.get("agency")
        if agency is not None:
            if agency.kind != Organization.Kind.AGENCY:
                self.add_error("agency", "Choose a recruitment agency: a company cannot hold client companies.")
            elif data.get("kind") == Organization.Kind.AGENCY:
                self.add_error("agency", "An agency has no agency of its own; leave this empty.")
            elif self.instance.pk and agency.pk == self.instance.pk:
                self.add_error("agency", "An organisation cannot be its own agency.")
        if data.get("self_id_form") and not str(data.get("self_id_purpose") or "").strip():
            self.add_error("self_id_purpose", "Say why the organisation asks: candidates see it with the form.")
        return data


class DispositionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DispositionReason
    extra = 0
    fields = ["label", "position", "active"]


class OrganizationAdmin(Audited):
    form = OrganizationForm
    list_display = ["name", "slug", "kind", "agency", "retention_days", "time_zone"]
    ordering = ["name", "pk"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an organisation's history stays; remove its members instead


class MembershipForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Membership
        fields = ["user", "organization", "role"]


class MembershipAdmin(Audited):
    form = MembershipForm
    list_display = ["user", "organization", "role"]
    ordering = ["organization__name", "user__username"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


class DispositionReasonAdmin(Audited):
    list_display = ["label", "organization", "position", "active"]
    ordering = ["organization__name", "position", "pk"]
    list_filter = ["organization", "active"]
    search_fields = ["label"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


class TokenForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


class ApiTokenAdmin(Audited):
    """Tokens are made here (shown once) and revoked by deleting them; they are never edited."""

    form = TokenForm
    list_display = ["name", "user", "created_at"]
    ordering = ["-created_at", "pk"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token = ApiToken.new_token()
        obj.digest = ApiToken.digest_of(token)
        super().save_model(request, obj, form, change)
        messages.warning(request, f"The token {obj.name!r} for {obj.user.get_username()} is {token}. Copy it now: "
                                  "it is shown only this once (only its SHA-256 is stored).")  # fmt: skip


ACCESS = (
    "A platform administrator (superuser) may use these pages. Roles in an organisation are memberships. "
    "Deactivate a person who leaves: the log names people, so they are never deleted."
)


class PersonAdmin(UserAdmin, Audited):  # type: ignore[type-arg]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "is_superuser"), "description": ACCESS}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the log names people; deactivate them instead


site.register(Organization, OrganizationAdmin)
site.register(Membership, MembershipAdmin)
site.register(User, PersonAdmin)
site.register(ApiToken, ApiTokenAdmin)
site.register(DispositionReason, DispositionReasonAdmin)
