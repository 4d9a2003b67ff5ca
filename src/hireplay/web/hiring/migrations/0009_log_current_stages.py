"""Candidates' stages enter the audit log (`candidate.stage_changed`), so that `hireplay audit verify
--state` can prove each one. A database made before this version has candidates at stages the log
never recorded: one event per such candidate records the stage it holds at the upgrade (from "",
by system:upgrade), so the proof starts from there instead of naming every one of them."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

from hireplay.core.canonical import canonical_json


def record_stages(apps: Any, schema_editor: Any) -> None:
    from hireplay.web.audit.log import defer_text, seal

    candidate_model = apps.get_model("hiring", "Candidate")
    event_model = apps.get_model("audit", "AuditEvent")
    logged = set(event_model.objects.filter(action="candidate.stage_changed").values_list("subject", flat=True))
    now = timezone.now()
    for pk, stage in candidate_model.objects.exclude(stage="added").order_by("pk").values_list("pk", "stage"):
        if f"candidate:{pk}" not in logged:
            defer_text("system:upgrade", "candidate.stage_changed", f"candidate:{pk}",
                       canonical_json({"from": "", "to": stage}), now)  # fmt: skip
    seal()


class Migration(migrations.Migration):
    dependencies = [("hiring", "0008_deciders_and_stages"), ("audit", "0003_pending_events")]

    operations = [migrations.RunPython(record_stages, migrations.RunPython.noop)]
