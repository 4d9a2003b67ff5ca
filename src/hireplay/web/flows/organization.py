"""An organisation's own settings: its time zone, where candidates ask for accommodations, and its
list of reasons for a rejection. Each change is logged with the new values."""

from __future__ import annotations

import hashlib
import io
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from hireplay.core.insights.selfid import FORMS
from hireplay.web.audit.log import record
from hireplay.web.decisions.models import DEFAULT_DISPOSITIONS, DispositionReason
from hireplay.web.flows.outcomes import Parsed, save_measures
from hireplay.web.orgs.models import Logo, Organization

MAX_LABEL = 200
MIN_PURPOSE = 20


def time_zones() -> list[str]:
    """The IANA time zones this system knows, sorted."""
    return sorted(available_timezones())


def disposition_labels(organization: Organization) -> list[str]:
    """The organisation's reasons for a rejection, in order (the defaults until it edits them)."""
    stored = DispositionReason.objects.filter(organization=organization)
    if not stored.exists():
        return list(DEFAULT_DISPOSITIONS)
    return list(stored.filter(active=True).order_by("position", "pk").values_list("label", flat=True))


def update(organization: Organization, time_zone: str, contact_email: str, labels_text: str, by: str,
           outcomes: list[Parsed] | None = None, self_id: tuple[str, str] | None = None) -> dict[str, str]:  # fmt: skip
    """Apply the settings (`outcomes`: the outcome measures, as `flows.outcomes.parse` read them;
    `self_id`: the self-identification form offered to candidates and why it is asked; None leaves
    either as it is); returns the problems by field (nothing is changed when there are any)."""
    problems: dict[str, str] = {}
    time_zone, contact_email = time_zone.strip(), contact_email.strip()
    if time_zone not in available_timezones():
        problems["time_zone"] = gettext("choose a time zone from the list, such as Europe/Brussels")
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            problems["contact_email"] = gettext("give an e-mail address such as careers@example.com, or leave it empty")
    labels = [line.strip() for line in labels_text.splitlines() if line.strip()]
    if not labels:
        problems["dispositions"] = gettext("keep at least one reason for a rejection, one per line")
    elif any(len(label) > MAX_LABEL for label in labels):
        problems["dispositions"] = f"a reason is at most {MAX_LABEL} characters; shorten the long line"
    elif len({label.casefold() for label in labels}) != len(labels):
        problems["dispositions"] = gettext("each reason once: remove the repeated line")
    form, purpose = (self_id[0].strip(), self_id[1].strip()) if self_id is not None else ("", "")
    if self_id is not None:
        if form and form not in FORMS:
            problems["self_id_form"] = gettext("choose one of the forms in the list, or none")
        elif form and len(purpose) < MIN_PURPOSE:
            problems["self_id_purpose"] = (f"say why the organisation asks (at least {MIN_PURPOSE} characters): "
                                           "candidates read it beside the questions")  # fmt: skip
        elif len(purpose) > 2000:
            problems["self_id_purpose"] = gettext("the reason is at most 2,000 characters; shorten it")
    if problems:
        return problems
    changed: dict[str, object] = {}
    with transaction.atomic():
        if organization.time_zone != time_zone:
            changed["time_zone"] = time_zone
        if organization.contact_email != contact_email:
            changed["contact_email"] = contact_email
        Organization.objects.filter(pk=organization.pk).update(time_zone=time_zone, contact_email=contact_email)
        organization.time_zone, organization.contact_email = time_zone, contact_email
        if labels != disposition_labels(organization):
            changed["dispositions"] = labels
            DispositionReason.objects.filter(organization=organization).update(active=False)
            for position, label in enumerate(labels):
                DispositionReason.objects.update_or_create(organization=organization, label=label,
                                                           defaults={"active": True, "position": position})  # fmt: skip
        if self_id is not None and (organization.self_id_form, organization.self_id_purpose) != (form, purpose):
            changed["self_id_form"], changed["self_id_purpose"] = form, purpose
            Organization.objects.filter(pk=organization.pk).update(self_id_form=form, self_id_purpose=purpose)
            organization.self_id_form, organization.self_id_purpose = form, purpose
        if outcomes is not None:
            now_measured, problem = save_measures(organization, outcomes)
            if problem:
                transaction.set_rollback(True)
                return {"outcomes": problem}
            if now_measured:
                changed["outcomes"] = now_measured
        if changed:
            record(by, "organization.settings_changed", f"organization:{organization.pk}", {"changed": changed})
    return {}


MAX_LOGO = 300 * 1024  # bytes
MAX_SIDE = 2000  # pixels
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def logo_problem(content: bytes) -> tuple[str | None, str]:
    """Why this file cannot be the organisation's logo (or None), and its media type: a PNG or JPEG
    image that opens, up to 300 KB and 2000 pixels a side (SVG is refused: it can carry scripts)."""
    if not content:
        return "the file is empty", ""
    if len(content) > MAX_LOGO:
        return f"the file is {len(content) / 1024:.0f} KB; a logo may be up to 300 KB", ""
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            kind, (width, height) = image.format or "", image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "this file is not a PNG or JPEG image (an SVG or a PDF cannot be a logo)", ""
    if kind not in LOGO_TYPES:
        return f"this is a {kind} image; send a PNG or a JPEG", ""
    if width > MAX_SIDE or height > MAX_SIDE:
        return f"the image is {width}×{height} pixels; a logo may be up to {MAX_SIDE} pixels a side", ""
    return None, LOGO_TYPES[kind]


def set_logo(organization: Organization, content: bytes | None, by: str) -> str | None:
    """Set (or with None remove) the organisation's logo; the problem in words when refused (and
    nothing changes)."""
    kind = ""
    if content is not None:
        problem, kind = logo_problem(content)
        if problem:
            return problem
    with transaction.atomic():
        if content is None:
            Logo.objects.filter(organization=organization).delete()
        else:
            Logo.objects.update_or_create(organization=organization, defaults={"content": content, "media_type": kind})
        record(by, "organization.settings_changed", f"organization:{organization.pk}",
               {"changed": {"logo": hashlib.sha256(content).hexdigest() if content is not None else ""}})  # fmt: skip
    return None


def logo_uri(organization_id: int) -> str:
    """The organisation's logo as a data: URI ("" when it has none): one query."""
    found = Logo.objects.filter(organization_id=organization_id).first()
    return found.data_uri if found else ""
