"""The organisation's logo: uploaded by an administrator (PNG or JPEG, checked by opening it),
shown on the candidate report's PDF, the insights PDF and the public application page; anything
else is refused with the reason and changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from hireplay.web.audit.models import AuditEvent
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.orgs.models import Logo, Membership
from tests.web.conftest import Cast


def _png(width: int = 120, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (26, 77, 143)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def admin(cast: Cast, opening: JobOpening) -> Client:
    Membership.objects.filter(user=cast.hana).update(role=Membership.Role.ADMIN)
    client = Client()
    client.force_login(cast.hana)
    return client


def _upload(client: Client, opening: JobOpening, name: str, content: bytes) -> str:
    response = client.post("/settings/logo/", {"org": opening.organization.slug, "action": "upload",
                                               "logo": SimpleUploadedFile(name, content)}, follow=True)  # fmt: skip
    return response.content.decode()


def test_an_administrator_sets_the_logo_and_it_appears_where_the_organisation_speaks(
    admin: Client, opening: JobOpening, cast: Cast
) -> None:
    page = _upload(admin, opening, "logo.png", _png())

    assert "The logo was saved" in page
    assert 'alt="The current logo of Verdant Foods"' in page
    assert Logo.objects.get(organization=opening.organization).media_type == "image/png"
    assert AuditEvent.objects.filter(
        action="organization.settings_changed", subject=f"organization:{opening.organization_id}"
    ).exists()
    candidate = Candidate.objects.create(opening=opening, name="Kim", email="kim@example.com")
    pdf = admin.get(f"/candidates/{candidate.pk}/report.pdf").content
    assert b"/Subtype /Image" in pdf
    JobOpening.objects.filter(pk=opening.pk).update(applications_open=True)
    opening.refresh_from_db()
    assert 'class="logo"' in Client().get(f"/apply/{opening.apply_key}/").content.decode()


def test_without_a_logo_the_report_carries_no_image(admin: Client, opening: JobOpening) -> None:
    candidate = Candidate.objects.create(opening=opening, name="Kim", email="kim@example.com")

    assert b"/Subtype /Image" not in admin.get(f"/candidates/{candidate.pk}/report.pdf").content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not a PNG or JPEG image"),
        ("logo.png", b"\x89PNG\r\n\x1a\n broken", "not a PNG or JPEG image"),
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a PNG or JPEG image"),
        ("logo.png", _png(2400, 100), "2400×100 pixels"),
        ("logo.png", b"\x89PNG" + b"0" * (400 * 1024), "up to 300 KB"),
    ],
)  # fmt: skip
def test_anything_but_a_modest_png_or_jpeg_is_refused_and_changes_nothing(
    admin: Client, opening: JobOpening, name: str, content: bytes, message: str
) -> None:
    _upload(admin, opening, "first.png", _png())

    page = _upload(admin, opening, name, content)

    assert "the logo was not changed" in page.lower()
    assert message in page
    assert bytes(Logo.objects.get(organization=opening.organization).content) == _png()


def test_the_logo_can_be_removed_and_only_an_administrator_changes_it(
    admin: Client, opening: JobOpening, cast: Cast
) -> None:
    _upload(admin, opening, "logo.png", _png())
    alice = Client()
    alice.force_login(cast.alice)

    refused = alice.post("/settings/logo/", {"org": opening.organization.slug, "action": "remove"})
    removed = admin.post("/settings/logo/", {"org": opening.organization.slug, "action": "remove"}, follow=True)

    assert refused.status_code in (403, 404)
    assert "The logo was removed." in removed.content.decode()
    assert not Logo.objects.filter(organization=opening.organization).exists()


def test_loading_an_organisation_never_loads_its_logo(admin: Client, opening: JobOpening) -> None:
    _upload(admin, opening, "logo.png", _png())

    fields = {f.name for f in type(opening.organization)._meta.concrete_fields}

    assert not any("logo" in f for f in fields)
