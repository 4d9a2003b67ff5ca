"""Large CRM imports run in the background, so that the request answers at once and the import
never meets a worker's timeout. The job reads and checks the files, then writes in short
transactions (services.import_accounts), recording its progress; the import page shows it.

A job lives in the web process that started it. If that process stops (a restart), the job stops
showing signs of life and its page says it was interrupted; running the same import again
completes it without doubling anything (services.import_accounts is safe to run twice)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from hireplay.core.accounts import importing, reading
from hireplay.web.audit.catalogue import actor
from hireplay.web.clients import models as m
from hireplay.web.clients import services
from hireplay.web.orgs.models import Organization

log = logging.getLogger("hireplay.imports")
SILENT_AFTER = timedelta(minutes=3)  # no sign of life for this long: the job was interrupted


def start(organization: Organization, user: User, uploads: dict[str, tuple[str, bytes]],
          mappings: dict[str, importing.ColumnMapping], valid_only: bool) -> m.ImportJob:  # fmt: skip
    """Record the job and start it on a thread of this process; `uploads` maps a kind to (file name, content)."""
    job = m.ImportJob.objects.create(organization=organization, created_by=user,
                                     files={kind: name for kind, (name, _) in uploads.items()})  # fmt: skip
    worker = threading.Thread(target=_run, args=(job.pk, organization.pk, user.pk, uploads, mappings, valid_only),
                              name=f"hireplay-import-{job.pk}", daemon=True)  # fmt: skip
    worker.start()
    return job


def interrupted(job: m.ImportJob) -> bool:
    return job.status == m.ImportJob.Status.RUNNING and timezone.now() - job.heartbeat > SILENT_AFTER


def _run(job_id: int, organization_id: int, user_id: int, uploads: dict[str, tuple[str, bytes]],
         mappings: dict[str, importing.ColumnMapping], valid_only: bool) -> None:  # fmt: skip
    jobs = m.ImportJob.objects.filter(pk=job_id)
    try:
        organization = Organization.objects.get(pk=organization_id)
        user = User.objects.get(pk=user_id)
        parsed: dict[str, reading.Table | None] = {"accounts": None, "engagements": None}
        unreadable = []
        for kind, (name, data) in uploads.items():
            table = reading.read_bytes(data, name, kind, mappings[kind])  # type: ignore[arg-type]
            if isinstance(table, str):
                unreadable.append([name, table])
                continue
            parsed[kind] = table
            jobs.update(heartbeat=timezone.now())
        if unreadable:
            jobs.update(status=m.ImportJob.Status.DONE, stage="done", heartbeat=timezone.now(),
                        report={"written": False, "problems": unreadable, "notes": [], "summary": ""})  # fmt: skip
            return
        jobs.update(stage="writing", heartbeat=timezone.now())

        def progress(done: int, total: int) -> None:
            jobs.update(done=done, total=total, heartbeat=timezone.now())

        report = services.import_accounts(organization, parsed["accounts"], parsed["engagements"], actor(user),
                                          valid_only=valid_only, progress=progress)  # fmt: skip
        names = {kind: name for kind, (name, _) in uploads.items()}
        jobs.update(
            status=m.ImportJob.Status.DONE, stage="done", heartbeat=timezone.now(), report=_report(report, names)
        )
    except Exception:  # the job's page says it stopped; the details go to the log, never to the page
        log.exception("import job %s stopped", job_id)
        jobs.update(status=m.ImportJob.Status.FAILED, heartbeat=timezone.now(),
                    error="the import stopped on an unexpected error (the administrator's log has the details); run "
                          "it again: what was already written is not written twice")  # fmt: skip
    finally:
        connection.close()


def _report(report: services.ImportReport, names: dict[str, str]) -> dict[str, Any]:
    return {
        "written": report.written, "rejected_lines": report.rejected_lines,
        "summary": services.import_summary(report) if report.written else "",
        "problems": [[names.get(p.kind, p.kind), str(p)] for p in report.problems],
        "notes": [[names.get(p.kind, p.kind), str(p)] for p in report.notes],
    }  # fmt: skip
