"""An organisation's own playbooks: published with located errors, one entry per version, compared
between versions, chosen for a new opening (web and API), published from the command line."""

from __future__ import annotations

import io
import json
import zipfile

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from typer.testing import CliRunner

from hireplay.cli import app
from hireplay.web.audit.models import AuditEvent
from hireplay.web.hiring.models import JobOpening, LibraryPlaybook
from hireplay.web.orgs.models import ApiToken, Membership, Organization
from tests.conftest import PLAYBOOKS
from tests.web.conftest import Cast

SOURCE = (PLAYBOOKS / "account-manager-smb.yaml").read_text()
OWN = SOURCE.replace("id: account-manager-smb", "id: customer-success-manager").replace(
    "title: Account Manager (SMB)", "title: Customer Success Manager").replace("version: 1.2.0", "version: 1.1.0", 1)  # fmt: skip


def test_publish_with_located_errors_versions_and_a_diff(opening: JobOpening, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)  # a recruiter of the agency, which serves Verdant
    org = opening.organization.slug
    broken = OWN.replace("weights: {assessment: 40, interview: 60}", "weights: {assessment: 40, interview: 50}")
    refused = client.post("/playbooks/", {"org": org, "source": broken})
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "Not published" in text
    assert "the weights of assessment and interview add up to 90, not 100" in text
    assert f"line {broken[: broken.index('weights: {assessment: 40, interview: 50}')].count(chr(10)) + 1}" in text
    assert not LibraryPlaybook.objects.exists()
    shipped = client.post("/playbooks/", {"org": org, "source": SOURCE})
    assert "is the id of a shipped playbook" in shipped.content.decode()

    done = client.post("/playbooks/", {"org": org, "file": SimpleUploadedFile("csm.yaml", OWN.encode())})
    entry = LibraryPlaybook.objects.get()
    assert done.status_code == 302
    assert done["Location"] == f"/playbooks/{entry.pk}/"
    again = client.post("/playbooks/", {"org": org, "source": OWN})
    assert again["Location"] == f"/playbooks/{entry.pk}/"  # the same content is the same entry
    assert LibraryPlaybook.objects.count() == 1
    clash = client.post("/playbooks/", {"org": org, "source": OWN.replace("Customer Success Manager", "CSM")})
    assert "version 1.1.0 of &#x27;customer-success-manager&#x27; is already published with other content" in (
        clash.content.decode())  # fmt: skip

    newer = OWN.replace("version: 1.1.0", "version: 1.2.0").replace("Customer Success Manager", "CSM")
    client.post("/playbooks/", {"org": org, "source": newer})
    latest = LibraryPlaybook.objects.order_by("-pk").first()
    assert latest is not None
    page = client.get(f"/playbooks/{latest.pk}/").content.decode()
    assert "What changed since version 1.1.0" in page
    assert "-version: 1.1.0" in page
    assert "+  title: CSM" in page
    listing = client.get(f"/playbooks/?org={org}").content.decode()
    assert "Customer Success Manager" in listing
    assert "CSM" in listing
    assert AuditEvent.objects.filter(action="library.published").count() == 2

    form = client.get("/openings/new/").content.decode()
    assert f'value="library:{entry.pk}"' in form
    made = client.post("/openings/new/", {"organization": opening.organization.pk, "title": "CSM Brussels",
                                          "playbook": f"library:{entry.pk}", "language": ""})  # fmt: skip
    assert made.status_code == 302
    created = JobOpening.objects.get(title="CSM Brussels")
    assert created.playbook.playbook_id == "customer-success-manager"
    assert created.playbook.version == "1.1.0"  # the version chosen, though a newer one exists


def test_another_organisations_playbook_cannot_be_used(opening: JobOpening, cast: Cast) -> None:
    other = Organization.objects.create(name="Elsewhere", slug="elsewhere", kind=Organization.Kind.COMPANY)
    boss = User.objects.create_user("olga", "olga@example.com", "a long test password")
    Membership.objects.create(user=boss, organization=other, role=Membership.Role.ADMIN)
    theirs = Client()
    theirs.force_login(boss)
    theirs.post("/playbooks/", {"org": "elsewhere", "source": OWN})
    entry = LibraryPlaybook.objects.get(organization=other)
    client = Client()
    client.force_login(cast.alice)
    assert f'value="library:{entry.pk}"' not in client.get("/openings/new/").content.decode()
    refused = client.post("/openings/new/", {"organization": opening.organization.pk, "title": "Stolen",
                                             "playbook": f"library:{entry.pk}"})  # fmt: skip
    assert refused.status_code == 200  # the form again, with its error
    assert not JobOpening.objects.filter(title="Stolen").exists()
    assert client.get(f"/playbooks/{entry.pk}/").status_code == 404
    token = ApiToken.issue(cast.alice, "test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    answer = api.post("/api/openings", json.dumps({"organization": opening.organization.pk, "title": "x",
                                                   "playbook": f"library:{entry.pk}"}), content_type="application/json")  # fmt: skip
    assert answer.status_code == 422
    assert "not one of this organisation's own playbooks" in answer.json()["error"]


def test_the_api_lists_and_uses_own_playbooks_and_the_cli_publishes(opening: JobOpening, cast: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "csm.yaml"
    path.write_text(OWN)
    runner = CliRunner()
    wrong = runner.invoke(app, ["playbook", "publish", str(path), "--org", "nowhere"])
    assert wrong.exit_code == 2
    assert "no such organisation" in wrong.output
    done = runner.invoke(app, ["playbook", "publish", str(path), "--org", opening.organization.slug])
    assert done.exit_code == 0, done.output
    entry = LibraryPlaybook.objects.get()
    assert f"library:{entry.pk}" in done.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(OWN.replace("version: 1.1.0", "version: 2.0.0").replace("interview: 60", "interview: 70"))
    refused = runner.invoke(app, ["playbook", "publish", str(bad), "--org", opening.organization.slug])
    assert refused.exit_code == 1
    assert "bad.yaml:" in refused.output
    assert "add up to 110" in refused.output

    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.alice, 'test')}")
    listed = api.get("/api/playbooks").json()
    assert {"playbook": f"library:{entry.pk}", "id": "customer-success-manager", "version": "1.1.0",
            "title": "Customer Success Manager", "organization": opening.organization.pk} in listed  # fmt: skip
    assert any(p["playbook"] == "account-manager-smb.yaml" for p in listed)
    made = api.post("/api/openings", json.dumps({"organization": opening.organization.pk, "title": "CSM",
                                                 "playbook": f"library:{entry.pk}"}), content_type="application/json")  # fmt: skip
    assert made.status_code == 201


def test_the_library_costs_the_same_queries_for_one_version_as_for_ten(opening: JobOpening, cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(cast.alice)
    org = opening.organization.slug

    def publish(version: int) -> None:
        client.post("/playbooks/", {"org": org, "source": OWN.replace("version: 1.1.0", f"version: 1.{version}.0")})

    publish(1)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/playbooks/?org={org}")
    for version in range(2, 11):
        publish(version)
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/playbooks/?org={org}").content.decode()
    assert len(many) == len(few)
    assert page.count("/playbooks/") >= 10
    hana = Client()
    hana.force_login(cast.hana)  # a hiring manager reads the library and does not publish
    refused = hana.post("/playbooks/", {"org": org, "source": OWN})
    assert refused.status_code == 403
    assert "Publishing a playbook is for administrators and recruiters." in refused.content.decode()


def test_a_version_and_a_shipped_playbook_download_as_qti_packages(opening: JobOpening, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    client.post("/playbooks/", {"org": opening.organization.slug, "source": OWN})
    entry = LibraryPlaybook.objects.get()

    page = client.get(f"/playbooks/{entry.pk}/").content.decode()
    own = client.get(f"/playbooks/{entry.pk}/qti/")
    shipped = client.get("/playbooks/shipped/strategic-account-manager/qti/")
    missing = client.get("/playbooks/shipped/no-such-playbook/qti/")

    assert "Download the assessment as a QTI 3.0 package" in page
    assert "quote-total: not written: its numbers are drawn for each candidate" in page
    assert own.status_code == 200
    assert own["Content-Type"] == "application/zip"
    assert own["Content-Disposition"] == 'attachment; filename="customer-success-manager-1.1.0-qti3.zip"'
    assert own["X-Items-Written"] == "12 of 17"
    with zipfile.ZipFile(io.BytesIO(own.content)) as archive:
        assert "imsmanifest.xml" in archive.namelist()
        assert "items/client-email.xml" in archive.namelist()
    assert shipped.status_code == 200
    assert shipped["X-Items-Written"] == "4 of 6"
    assert missing.status_code == 404
