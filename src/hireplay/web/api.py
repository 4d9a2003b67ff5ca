"""The JSON API: the same operations and permission rules as the pages. Schema at /api/openapi.json."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, django_auth
from pydantic import AfterValidator, EmailStr, Field, model_validator

from hireplay.core.accounts.columns import SCALE_RANGES
from hireplay.core.lint import load_playbook
from hireplay.core.plaintext import text_problem
from hireplay.shipped import shipped_playbooks
from hireplay.web.access import (
    MANAGE_ROLES,
    account_for,
    can,
    candidate_for,
    may_judge,
    opening_for,
    organization_for,
    organizations,
)
from hireplay.web.audit.catalogue import actor
from hireplay.web.clients import services as clients
from hireplay.web.clients.models import ClientAccount
from hireplay.web.flows import library
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, JobOpening, LibraryPlaybook, ScoreRecord
from hireplay.web.orgs.models import ApiToken
from hireplay.web.outbox import mail
from hireplay.web.outbox.models import Email


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        return found.user


api = NinjaAPI(title="hireplay", version="1", auth=[TokenAuth(), django_auth], urls_namespace="api",
               openapi_url="/openapi.json", docs_url="/docs")  # fmt: skip


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")]
        errors.append({"field": ".".join(loc) or "(body)", "message": str(error.get("msg", "invalid"))})
    first = errors[0] if errors else {"field": "(body)", "message": "invalid request"}
    return api.create_response(
        request, {"error": f"{first['field']}: {first['message']}", "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"error": "authentication required: send 'Authorization: Bearer <token>'"}, status=401
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"error": str(exc) or "not found"}, status=404)


class OpeningOut(Schema):
    id: int
    organization: int
    title: str
    status: str
    playbook_id: str
    playbook_version: str
    playbook_hash: str
    created_at: datetime


def _opening_out(o: JobOpening) -> OpeningOut:
    return OpeningOut(id=o.pk, organization=o.organization_id, title=o.title, status=o.status,
                      playbook_id=o.playbook.playbook_id, playbook_version=o.playbook.version,
                      playbook_hash=o.playbook.content_hash, created_at=o.created_at)  # fmt: skip


def _one_line(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]


class OpeningIn(Schema):
    organization: int
    title: OneLine = Field(min_length=1, max_length=200)
    playbook: str = Field(
        description="A shipped playbook's file name (account-manager-smb.yaml), or one of the "
        "organisation's own as library:<id> (GET /api/playbooks lists them)"
    )


class CandidateIn(Schema):
    name: OneLine = Field(min_length=1, max_length=200)
    email: EmailStr
    extra_time_percent: int = Field(default=0, ge=0, le=200)


class CandidateOut(Schema):
    id: int
    opening: int
    name: str
    email: str
    stage: str
    extra_time_percent: int


def _candidate_out(c: Candidate) -> CandidateOut:
    return CandidateOut(id=c.pk, opening=c.opening_id, name=c.name, email=c.email, stage=c.stage,
                        extra_time_percent=c.extra_time_percent)  # fmt: skip


class InvitationOut(Schema):
    link: str
    expires_at: datetime
    email: str = Field(
        description="The invitation e-mail: sent, waiting (its first try failed; it is tried again) "
        "or failed (not tried again: the mail server refused it for good)"
    )
    email_problem: str = Field(description="Why the e-mail is not sent yet; empty when it is sent")


class SessionOut(Schema):
    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None
    answers: int


class Error(Schema):
    error: str


# What every route may answer beside its own: no or a bad token, a refused address, bad input.
COMMON: dict[int, Any] = {401: Error, 422: Error, 429: Error}
FOUND: dict[int, Any] = {**COMMON, 404: Error}
MAX_LIMIT = 500


def _page(request: HttpRequest, response: HttpResponse, rows: QuerySet[Any], limit: int, offset: int) -> list[Any]:
    """One page of `rows` (in their order): the total in X-Total-Count, the next and previous pages
    in a Link header (RFC 8288), so a client walks a long list without guessing."""
    total = rows.count()
    found = list(rows[offset : offset + limit])
    response["X-Total-Count"] = str(total)
    links = []
    for rel, at in (("next", offset + limit), ("prev", max(0, offset - limit))):
        if (rel == "next" and at < total) or (rel == "prev" and offset > 0):
            query = request.GET.copy()
            query["limit"], query["offset"] = str(limit), str(at)
            links.append(f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="{rel}"')
    if links:
        response["Link"] = ", ".join(links)
    return found


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"How many to return (1 to {MAX_LIMIT}; default 100)")]
MAX_OFFSET = 2**31 - 1
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description=f"How many to skip, from the start of the list (0 to {MAX_OFFSET})")
]


@api.get("/openings", response={200: list[OpeningOut], **COMMON})
def list_openings(request: HttpRequest, response: HttpResponse, limit: Limit = 100, offset: Offset = 0,
                  status: Literal["open", "closed"] | None = None) -> Status[Any]:  # fmt: skip
    """The openings of the organisations one works for, oldest first, a page at a time."""
    openings = JobOpening.objects.filter(organization__in=organizations(request.user)).select_related("playbook")
    if status is not None:
        openings = openings.filter(status=status)
    return Status(200, [_opening_out(o) for o in _page(request, response, openings.order_by("pk"), limit, offset)])


@api.post("/openings", response={201: OpeningOut, **FOUND})
def create_opening(request: HttpRequest, payload: OpeningIn) -> Status[Any]:
    if not can(request.user, payload.organization, MANAGE_ROLES):
        return Status(404, {"error": f"organization: no organisation {payload.organization} you may manage"})
    organization = organizations(request.user, MANAGE_ROLES).get(pk=payload.organization)
    own = payload.playbook.removeprefix("library:")
    if payload.playbook.startswith("library:"):
        entry = (LibraryPlaybook.objects.filter(pk=int(own), organization=organization).select_related("version").first()
                 if own.isdigit() else None)  # fmt: skip
        if entry is None:
            return Status(422, {"error": f"playbook: '{payload.playbook}' is not one of this organisation's own "
                                         "playbooks; GET /api/playbooks lists them"})  # fmt: skip
        playbook = entry.version.to_core()
    else:
        path = next((p for p in shipped_playbooks() if p.name == payload.playbook), None)
        if path is None:
            names = ", ".join(p.name for p in shipped_playbooks())
            return Status(422, {"error": f"playbook: '{payload.playbook}' is not a shipped playbook; choose one of "
                                         f"{names}, or one of the organisation's own as library:<id>"})  # fmt: skip
        playbook = load_playbook(path)
    return Status(201, _opening_out(services.open_position(organization, payload.title, playbook, actor(request.user))))


class PlaybookOut(Schema):
    playbook: str = Field(description="What to give as `playbook` when creating an opening")
    id: str
    version: str
    title: str
    organization: int | None = Field(description="The organisation that published it; null for a shipped one")


@api.get("/playbooks", response={200: list[PlaybookOut], **COMMON})
def list_playbooks(request: HttpRequest) -> list[PlaybookOut]:
    """The shipped playbooks, then the own playbooks (every version) of the organisations you may see."""
    found = [PlaybookOut(playbook=path.name, id=p.id, version=p.version, title=p.role.title, organization=None)
             for path, p in library.shipped()]  # fmt: skip
    for e in (LibraryPlaybook.objects.filter(organization__in=organizations(request.user))
              .select_related("version").order_by("organization_id", "version__playbook_id", "pk")):  # fmt: skip
        found.append(PlaybookOut(playbook=f"library:{e.pk}", id=e.version.playbook_id, version=e.version.version,
                                 title=e.version.title, organization=e.organization_id))  # fmt: skip
    return found


@api.get("/openings/{opening_id}", response={200: OpeningOut, **FOUND})
def get_opening(request: HttpRequest, opening_id: int) -> OpeningOut:
    return _opening_out(opening_for(request.user, opening_id))


@api.get("/openings/{opening_id}/candidates", response={200: list[CandidateOut], **FOUND})
def list_candidates(request: HttpRequest, response: HttpResponse, opening_id: int, limit: Limit = 100,
                    offset: Offset = 0, stage: Literal[tuple(Candidate.Stage.values)] | None = None,  # type: ignore[valid-type]
                    q: Annotated[str, Query(max_length=200, description="Part of a name or an e-mail address")] = "",
                    ) -> Status[Any]:  # fmt: skip
    """An opening's candidates, in the order they were added, a page at a time; filtered by stage
    and by a part of their name or address, as on the pipeline page."""
    rows = opening_for(request.user, opening_id).candidates.all()
    if stage is not None:
        rows = rows.filter(stage=stage)
    if q.strip():
        rows = rows.filter(Q(name__icontains=q.strip()) | Q(email__icontains=q.strip()))
    return Status(200, [_candidate_out(c) for c in _page(request, response, rows.order_by("pk"), limit, offset)])


@api.post("/openings/{opening_id}/candidates", response={201: CandidateOut, 409: Error, **FOUND})
def add_candidate(request: HttpRequest, opening_id: int, payload: CandidateIn) -> Status[Any]:
    opening = opening_for(request.user, opening_id, MANAGE_ROLES)
    email = str(payload.email).lower()
    if opening.candidates.filter(email=email).exists():
        return Status(409, {"error": f"email: {email} is already a candidate for this opening"})
    row: dict[str, str | int] = {"name": payload.name, "email": email, "extra_time_percent": payload.extra_time_percent}
    try:
        added = services.add_candidates(opening, [row], actor(request.user), "api")[0]
    except services.AlreadyCandidateError as taken:  # the same address added by another request meanwhile
        return Status(409, {"error": str(taken)})
    return Status(201, _candidate_out(added))


@api.get("/candidates/{candidate_id}", response={200: CandidateOut, **FOUND})
def get_candidate(request: HttpRequest, candidate_id: int) -> CandidateOut:
    return _candidate_out(candidate_for(request.user, candidate_id))


@api.post("/candidates/{candidate_id}/invitations", response={201: InvitationOut, 409: Error, **FOUND})
def invite_candidate(request: HttpRequest, candidate_id: int) -> Status[Any]:
    candidate = candidate_for(request.user, candidate_id, MANAGE_ROLES)
    if candidate.erased_at is not None:
        return Status(409, {"error": "candidate: this candidate's data was erased; they cannot be invited"})
    invitation, link, email = services.invite(candidate, request.build_absolute_uri("/"), by=actor(request.user))
    sent, why = mail.outcome([email])
    state = "sent" if sent else Email.objects.filter(pk=email.pk).values_list("status", flat=True).first() or "waiting"
    return Status(201, InvitationOut(link=link, expires_at=invitation.expires_at, email=state, email_problem=why))


@api.get("/candidates/{candidate_id}/session", response={200: SessionOut, **FOUND})
def get_session(request: HttpRequest, candidate_id: int) -> Status[Any]:
    candidate = candidate_for(request.user, candidate_id)
    session = getattr(candidate, "session", None)
    if session is None:
        return Status(404, {"error": "the candidate has not started the assessment"})
    out = SessionOut(started_at=session.started_at, deadline=session.deadline, submitted_at=session.submitted_at,
                     answers=session.answers.count())  # fmt: skip
    return Status(200, out)


@api.get("/candidates/{candidate_id}/report", response={200: dict[str, Any], **FOUND})
def get_report(request: HttpRequest, candidate_id: int) -> Status[Any]:
    candidate = candidate_for(request.user, candidate_id)
    current = ScoreRecord.current(candidate.pk)
    if current is None:
        return Status(404, {"error": "no score report yet: the assessment has not been submitted"})
    return Status(200, current.report)


# Client accounts (key-account work) ------------------------------------------------------------


class ClientOut(Schema):
    id: int
    crm_id: str
    name: str
    parent: int | None
    owner: str
    tier: str = Field(description="The latest classification's tier ('' when never classified)")
    status: str = Field(description="The tier, or 'at_risk' when a health signal or rule fired")
    score: float | None
    classified_on: date | None
    reviewed_or_added_on: date
    main_contact: str
    contact_email: str
    contact_phone: str


class Criterion(Schema):
    id: str
    name: str
    value: float | None
    shown: str
    points: float | None
    met: bool | None
    weight: float


class ClientDetailOut(ClientOut):
    strategic_fit: int | None
    strategic_fit_on: date | None
    referral_influence: int | None
    referral_influence_on: date | None
    last_contact: date | None
    renewal_date: date | None
    criteria: list[Criterion]
    at_risk: list[str] = Field(description="Each health signal or rule that fired, in words")
    rationale: str


def _client_out(a: ClientAccount) -> ClientOut:
    return ClientOut(id=a.pk, crm_id=a.external_id, name=a.name, parent=a.parent_id, owner=a.owner_label, tier=a.tier,
                     status=a.status, score=a.score, classified_on=a.classified_on, reviewed_or_added_on=a.review_since,
                     main_contact=a.main_contact, contact_email=a.contact_email, contact_phone=a.contact_phone)  # fmt: skip


def _client_detail(a: ClientAccount) -> ClientDetailOut:
    result = a.latest.result if a.latest is not None else {}
    return ClientDetailOut(**_client_out(a).model_dump(), strategic_fit=a.strategic_fit,
                           strategic_fit_on=a.strategic_fit_on, referral_influence=a.referral_influence,
                           referral_influence_on=a.referral_influence_on, last_contact=a.last_contact,
                           renewal_date=a.renewal_date, criteria=[Criterion(**c) for c in result.get("criteria", [])],
                           at_risk=[seen for _, seen in result.get("at_risk", [])],
                           rationale=result.get("rationale", ""))  # fmt: skip


def _clients(request: HttpRequest, org: str | None) -> QuerySet[ClientAccount]:
    organization = organization_for(request.user, org)
    return ClientAccount.objects.filter(organization=organization).select_related("owner")


Org = Annotated[str | None, Query(description="The organisation's slug (default: the first one you work for)")]


@api.get("/clients", response={200: list[ClientOut], **FOUND})
def list_clients(request: HttpRequest, response: HttpResponse, org: Org = None, tier: str | None = None,
                 status: str | None = None, owner: str | None = None, limit: Limit = 100,
                 offset: Offset = 0) -> Status[Any]:  # fmt: skip
    """The client base, best tier first, then by score, a page at a time."""
    accounts = _clients(request, org)
    if tier:
        accounts = accounts.filter(tier=tier)
    if status:
        accounts = accounts.filter(status=status)
    if owner:
        accounts = accounts.filter(Q(owner__username=owner) | Q(owner_name=owner))
    rows = accounts.order_by("tier_rank", "-sort_score", "name", "pk")
    return Status(200, [_client_out(a) for a in _page(request, response, rows, limit, offset)])


@api.get("/clients/review", response={200: list[ClientOut], **FOUND})
def client_review_queue(request: HttpRequest, response: HttpResponse, org: Org = None, limit: Limit = 100,
                        offset: Offset = 0) -> Status[Any]:  # fmt: skip
    """Accounts due for review (never classified, or not reviewed within the policy's interval), longest waiting first."""
    organization = organization_for(request.user, org)
    return Status(200, [_client_out(a) for a in _page(request, response, clients.due_for_review(organization),
                                                      limit, offset)])  # fmt: skip


class TaskOut(Schema):
    account: int
    name: str
    tier: str
    status: str
    urgency: float
    action: str = Field(description="What to do first")
    reasons: list[str]
    main_contact: str
    contact_email: str
    contact_phone: str


class WeekOut(Schema):
    owner: str
    tasks: list[TaskOut]
    snoozed: int
    done: int = Field(description="Accounts marked done since Monday (not listed)")
    unclassified: int = Field(description="Accounts never classified (not listed)")


@api.get("/clients/week", response={200: WeekOut, **FOUND})
def client_week(request: HttpRequest, response: HttpResponse, org: Org = None, owner: str | None = None,
                limit: Limit = 100, offset: Offset = 0) -> Status[Any]:  # fmt: skip
    """An account manager's week (yours by default), most urgent first, from the stored
    classifications, a page of tasks at a time (X-Total-Count and Link as for lists)."""
    organization = organization_for(request.user, org)
    who = (owner or request.user.get_username())[:150]
    found = clients.week(organization, who, timezone.localdate())
    rows = _page(request, response, found.rows.values_list(*clients.WEEK_FIELDS), limit, offset)
    tasks = [TaskOut(account=int(p.account), name=p.name, tier=p.tier, status=p.status, urgency=p.urgency,
                     action=p.action, reasons=list(p.reasons), main_contact=contact[0], contact_email=contact[1],
                     contact_phone=contact[2]) for p, contact in clients.tasks(rows)]  # fmt: skip
    return Status(200, WeekOut(owner=who, tasks=tasks, snoozed=found.snoozed, done=found.done,
                               unclassified=found.unclassified))  # fmt: skip


@api.get("/clients/{client_id}", response={200: ClientDetailOut, **FOUND})
def get_client(request: HttpRequest, client_id: int) -> ClientDetailOut:
    """One account with its latest classification: every criterion, what put it at risk, and the rationale."""
    account = account_for(request.user, client_id)
    return _client_detail(ClientAccount.objects.select_related("owner", "latest").get(pk=account.pk))


class SatisfactionIn(Schema):
    scale: Literal["nps", "csat", "csat5"] = Field(description="NPS (-100..100), CSAT (0..100) or CSAT (1..5)")
    score: float

    @model_validator(mode="after")
    def _on_its_scale(self) -> SatisfactionIn:
        low, high = SCALE_RANGES[self.scale]
        if not low <= self.score <= high:
            raise ValueError(f"give a score from {low} to {high} on the {self.scale} scale")
        return self


class JudgementIn(Schema):
    strategic_fit: Annotated[int, Field(ge=1, le=5)] | None = None
    referral_influence: Annotated[int, Field(ge=1, le=5)] | None = None
    satisfaction: SatisfactionIn | None = None
    on: date = Field(description="The day of the judgement (not in the future)")
    note: Annotated[str, Field(min_length=1, max_length=2000, description="Why: what was seen or said")]


@api.post("/clients/{client_id}/judgement", response={200: ClientDetailOut, 403: Error, **FOUND})
def set_client_judgement(request: HttpRequest, client_id: int, payload: JudgementIn) -> Status[Any]:
    """Strategic fit, influence and satisfaction, set by the account's owner (or whoever manages the
    clients) with a date and a note; the account's group is classified again at once."""
    account = account_for(request.user, client_id)
    user = request.user
    if not may_judge(user, account):
        return Status(403, {"error": "only the account's owner, or whoever manages the clients, sets its judgement"})
    values: dict[str, Any] = {"strategic_fit": payload.strategic_fit, "referral_influence": payload.referral_influence}
    if payload.satisfaction is not None:
        values["satisfaction"] = (payload.satisfaction.scale, payload.satisfaction.score)
    try:
        clients.set_judgement(account, values, payload.on, payload.note, user)  # type: ignore[arg-type]
    except clients.ActivityError as problem:
        return Status(422, {"error": f"{problem.field}: {problem}"})
    return Status(200, _client_detail(ClientAccount.objects.select_related("owner", "latest").get(pk=account.pk)))
