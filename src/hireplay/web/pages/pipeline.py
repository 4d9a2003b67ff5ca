"""An opening's pipeline: how many candidates are at each stage, and one page of them, searched by
name or address, filtered by stage and sorted; each with their assessment figure and the latest
invitation (sent, expires). Everything in a fixed number of queries (docs/recruiting.md)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import CharField, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import OrderBy
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from hireplay.core import funnel
from hireplay.web.audit.models import AuditEvent
from hireplay.web.hiring.models import Candidate, Invitation, JobOpening, ScoreRecord

PER_PAGE = 50
MAX_SEARCH = 100
Stage = Candidate.Stage
# The order of the board's columns: the way a candidate moves, then where they can stop.
ORDER = (Stage.REVIEW, Stage.ADDED, Stage.INVITED, Stage.IN_PROGRESS, Stage.SUBMITTED, Stage.SCORED, Stage.INTERVIEW,
         Stage.ON_HOLD, Stage.DECIDED, Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN)  # fmt: skip
INVITABLE = (Stage.ADDED, Stage.INVITED)  # a (new) invitation still makes sense: the attempt has not started
SORT_LABELS = {"added": _("Added, oldest first"), "-added": _("Added, newest first"), "name": _("Name"),
               "-score": _("Assessment, highest first"), "score": _("Assessment, lowest first")}  # fmt: skip


@dataclass(frozen=True)
class View:
    search: str = ""
    stage: str = ""
    sort: str = "added"

    def query(self) -> str:
        """The view as a query string (for pagination links and coming back after an action)."""
        return urlencode({k: v for k, v in (("q", self.search), ("stage", self.stage), ("sort", self.sort))
                          if v and not (k == "sort" and v == "added")})  # fmt: skip


def read(params: Mapping[str, str]) -> View:
    """The view asked for; anything unknown falls back to the default (never an error page)."""
    stage = params.get("stage", "")
    sort = params.get("sort", "added")
    return View(params.get("q", "").strip()[:MAX_SEARCH], stage if stage in Stage.values else "",
                sort if sort in SORT_LABELS else "added")  # fmt: skip


def state(opening: JobOpening) -> tuple[dict[str, int], str]:
    """The count per stage and a mark that changes whenever the pipeline's page would (a candidate
    added or moved, an attempt scored, an invitation sent): three small queries."""
    counts = dict(opening.candidates.values_list("stage").annotate(n=Count("pk")).order_by())
    newest = opening.candidates.aggregate(top=Max("pk"), erased=Max("erased_at"))
    latest = {
        "score": ScoreRecord.objects.filter(session__candidate__opening=opening).aggregate(m=Max("pk"))["m"],
        "invitation": Invitation.objects.filter(candidate__opening=opening).aggregate(m=Max("pk"))["m"],
    }
    mark = f"{sorted(counts.items())}|{newest['top']}|{newest['erased']}|{latest['score']}|{latest['invitation']}"
    return counts, hashlib.sha256(mark.encode()).hexdigest()[:16]


def board(counts: Mapping[str, int], view: View) -> list[dict[str, object]]:
    """One column per stage, in the order candidates move, with its count (zero included)."""
    return [{"value": s.value, "label": s.label, "count": counts.get(s.value, 0), "chosen": view.stage == s.value}
            for s in ORDER]  # fmt: skip


def rows(opening: JobOpening, view: View) -> QuerySet[Candidate]:
    """The candidates of the view with what the list shows, as one query (paginated by the caller)."""
    latest = Invitation.objects.filter(candidate=OuterRef("pk")).order_by("-pk")
    found = opening.candidates.annotate(
        percent=ScoreRecord.current_percent(),
        invited_at=Subquery(latest.values("created_at")[:1]),
        expires_at=Subquery(latest.values("expires_at")[:1]),
        revoked=Subquery(latest.values("revoked")[:1]),
    )  # fmt: skip
    if view.search:
        found = found.filter(Q(name__icontains=view.search) | Q(email__icontains=view.search))
    if view.stage:
        found = found.filter(stage=view.stage)
    orders: dict[str, tuple[str | OrderBy, str]] = {
        "added": ("created_at", "pk"), "-added": ("-created_at", "-pk"), "name": ("name", "pk"),
        "-score": (F("percent").desc(nulls_last=True), "pk"), "score": (F("percent").asc(nulls_last=True), "pk"),
    }  # fmt: skip
    return found.order_by(*orders[view.sort])


def histories(candidates: QuerySet[Candidate]) -> list[funnel.History]:
    """Each candidate's stage history, from the audit log's stage changes: two queries."""
    people = {pk: (added, stage, source) for pk, added, stage, source in
              candidates.values_list("pk", "created_at", "stage", "source")}  # fmt: skip
    refs = candidates.annotate(audit_ref=Concat(Value("candidate:"), Cast("pk", CharField()))).values("audit_ref")
    changes: dict[int, list[tuple[datetime, str]]] = {}
    events = AuditEvent.objects.filter(action="candidate.stage_changed", subject__in=Subquery(refs))
    for subject, when, payload in events.values_list("subject", "time", "payload").iterator():
        pk = int(subject.split(":", 1)[1])
        to = json.loads(payload).get("to", "")
        changes.setdefault(pk, []).append((datetime.fromisoformat(when), to))
    return [funnel.History(added, changes.get(pk, []), stage, source) for pk, (added, stage, source) in people.items()]
