"""Who may see and change what, decided here and nowhere else.

People act in an organisation through a membership with a role; an agency's staff also serve its
client companies. Pages, the JSON API, exports and the PDF all ask this module: `opening_for`,
`candidate_for`, `account_for` return the object or raise Http404 (an object someone may not
see is reported as missing, so its existence is not revealed). Views state who may call them with
the decorators at the end (`staff_required`, `candidate_page(roles)`...), which pass the checked
object to the view instead of its number.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from hireplay.web.clients.models import ClientAccount
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.interviews.models import PanelMember, Scorecard
from hireplay.web.orgs.models import Membership, Organization

Role = Membership.Role
STAFF_ROLES: tuple[str, ...] = (Role.ADMIN, Role.RECRUITER, Role.HIRING_MANAGER)
MANAGE_ROLES: tuple[str, ...] = (Role.ADMIN, Role.RECRUITER)
ADMIN_ROLES: tuple[str, ...] = (Role.ADMIN,)
# Compliance officers read the candidates' self-identification and the impact tables, and nothing
# of the hiring record; no other role reads self-identification (docs/insights.md).
COMPLIANCE_ROLES: tuple[str, ...] = (Role.COMPLIANCE,)
# The insights report: staff see it without the self-identification tables, compliance officers with them.
INSIGHT_ROLES: tuple[str, ...] = STAFF_ROLES + COMPLIANCE_ROLES
# Calibration exercises: the hiring team sets them, interviewers (and the team) rate them.
CALIBRATION_ROLES: tuple[str, ...] = (*STAFF_ROLES, Role.INTERVIEWER)

User = AbstractBaseUser | AnonymousUser
View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def organizations(user: User, roles: tuple[str, ...] = STAFF_ROLES) -> QuerySet[Organization]:
    """The organisations whose data `user` may see in one of `roles` (their own and, for an
    agency's staff, its clients')."""
    if not user.is_authenticated:
        return Organization.objects.none()
    own = Membership.objects.filter(user_id=user.pk, role__in=roles).values("organization")
    return Organization.objects.filter(Q(pk__in=own) | Q(agency__in=own)).distinct()


def can(user: User, organization_id: int, roles: tuple[str, ...] = STAFF_ROLES) -> bool:
    """Whether `user` holds one of `roles` for this organisation."""
    return organizations(user, roles).filter(pk=organization_id).exists()


def opening_for(user: User, pk: int, roles: tuple[str, ...] = STAFF_ROLES) -> JobOpening:
    """The opening, if `user` may act on it in one of `roles`; Http404 otherwise."""
    opening = get_object_or_404(JobOpening.objects.select_related("playbook", "organization", "hiring_manager"), pk=pk)
    if not can(user, opening.organization_id, roles):
        raise Http404("No such opening")
    return opening


def may_judge(user: User, account: ClientAccount) -> bool:
    """Whether `user` sets the account's judgement and signs off its review: its owner, or whoever
    manages the organisation's clients."""
    return bool(account.owner_id == user.pk or can(user, account.organization_id, MANAGE_ROLES))


def candidate_for(user: User, pk: int, roles: tuple[str, ...] = STAFF_ROLES) -> Candidate:
    """The candidate, if `user` may act on their opening in one of `roles`; Http404 otherwise."""
    candidate = get_object_or_404(
        Candidate.objects.select_related("opening__playbook", "opening__organization", "opening__hiring_manager"), pk=pk
    )
    if not can(user, candidate.opening.organization_id, roles):
        raise Http404("No such candidate")
    return candidate


def account_for(user: User, pk: int, roles: tuple[str, ...] = STAFF_ROLES) -> ClientAccount:
    """The client account, if `user` may act on its organisation in one of `roles`; Http404 otherwise."""
    account = get_object_or_404(ClientAccount.objects.select_related("organization", "owner", "parent"), pk=pk)
    if not can(user, account.organization_id, roles):
        raise Http404("No such account")
    return account


def awaiting_own_scorecard(viewer_id: int | None, candidate: str = "pk") -> Any:
    """True for a candidate (the outer query's `candidate` field) on whose panel the viewer sits
    without having submitted their own scorecard: blind until submitted, as on every page."""
    return Exists(PanelMember.objects.filter(candidate=OuterRef(candidate), interviewer_id=viewer_id)) & ~Exists(
        Scorecard.objects.filter(candidate=OuterRef(candidate), interviewer_id=viewer_id, submitted_at__isnull=False))  # fmt: skip


def person_name(first: str, last: str, username: str) -> str:
    """How pages name a person read from a values() row: as `User.get_full_name() or username`."""
    return f"{first} {last}".strip() or username


def organization_for(user: User, slug: str | None, roles: tuple[str, ...] = STAFF_ROLES) -> Organization:
    """The organisation named by `slug` (the first one `user` may see when none is named), if
    `user` holds one of `roles` there; Http404 otherwise."""
    allowed = organizations(user, roles).order_by("pk")
    chosen = allowed.filter(slug=slug).first() if slug else allowed.first()
    if chosen is None:
        raise Http404("No such organisation")
    return chosen


def on_panel(candidate: Candidate, user: User) -> bool:
    """Whether `user` sits on this candidate's interview panel."""
    return PanelMember.objects.filter(candidate=candidate, interviewer_id=user.pk).exists()


def submitted_own(candidate: Candidate, user: User) -> bool:
    """Whether `user` has submitted their own scorecard for this candidate."""
    return Scorecard.objects.filter(candidate=candidate, interviewer_id=user.pk, submitted_at__isnull=False).exists()


def may_see_panel(candidate: Candidate, user: User) -> bool:
    """Panel members see the others' ratings, the recommendation and the decisions only after
    submitting their own; others with access to the candidate see them as soon as they exist."""
    return not on_panel(candidate, user) or submitted_own(candidate, user)


def blinded_candidates(user: User) -> QuerySet[PanelMember, Any]:
    """The candidates (as a subquery of ids) whose panel `user` sits on without having submitted:
    every route leaves out the other members' ratings, notes, the recommendation and decisions."""
    submitted = Scorecard.objects.filter(interviewer_id=user.pk, submitted_at__isnull=False).values("candidate_id")
    return (PanelMember.objects.filter(interviewer_id=user.pk).exclude(candidate_id__in=submitted)
            .values("candidate_id"))  # fmt: skip


def panel_candidate_for(user: User, pk: int) -> Candidate:
    """The candidate, if `user` sits on their panel and their data is not erased; Http404 otherwise."""
    candidate = get_object_or_404(Candidate.objects.select_related("opening__playbook"), pk=pk)
    if candidate.erased_at is not None or not on_panel(candidate, user):
        raise Http404("No such candidate")
    return candidate


def panel_or_staff_candidate_for(user: User, pk: int) -> Candidate:
    """The candidate, if `user` sits on their panel or is staff of their organisation; Http404 otherwise."""
    candidate = get_object_or_404(
        Candidate.objects.select_related("opening__playbook", "opening__organization", "opening__hiring_manager"), pk=pk
    )
    if not on_panel(candidate, user) and not can(user, candidate.opening.organization_id, STAFF_ROLES):
        raise Http404("No such candidate")
    return candidate


# Decorators: the first line of every view says who may call it.


def _refused(request: HttpRequest, roles: tuple[str, ...] = STAFF_ROLES) -> HttpResponseBase | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not organizations(request.user, roles).exists():
        message = _NO_ROLE.get(roles, _NO_ROLE[STAFF_ROLES])
        return HttpResponse(render_to_string("403.html", {"message": message}, request=request), status=403)
    return None


_NO_ROLE = {
    STAFF_ROLES: gettext_lazy("You have no hiring role in any organisation."),
    MANAGE_ROLES: gettext_lazy("This page is for administrators and recruiters."),
    ADMIN_ROLES: gettext_lazy("This page is for administrators."),
    CALIBRATION_ROLES: gettext_lazy("This page is for an organisation's hiring team and interviewers."),
}


def signed_in(view: View) -> View:
    """Anyone signed in (what they see is limited by the view's own lookups)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def staff_required(view: View) -> View:
    """Signed-in people with a staff role in some organisation."""
    return roles_required(STAFF_ROLES)(view)


def roles_required(roles: tuple[str, ...]) -> Callable[[View], View]:
    """Signed-in people with one of `roles` in some organisation."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return _refused(request, roles) or view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def _object_page(lookup: Callable[[User, int, tuple[str, ...]], Any], roles: tuple[str, ...]) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # Anyone on the staff passes here (the lookup then says 404 for what is not theirs);
            # a page open to more roles than the staff's lets those in too.
            refused = _refused(request, STAFF_ROLES if set(roles) <= set(STAFF_ROLES) else roles)
            if refused is not None:
                return refused
            return view(request, lookup(request.user, pk, roles), *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def opening_page(roles: tuple[str, ...] = STAFF_ROLES) -> Callable[[View], View]:
    """The view takes the opening (from the URL's pk) that the user may act on in one of `roles`."""
    return _object_page(opening_for, roles)


def candidate_page(roles: tuple[str, ...] = STAFF_ROLES) -> Callable[[View], View]:
    """The view takes the candidate (from the URL's pk) the user may act on in one of `roles`."""
    return _object_page(candidate_for, roles)


def account_page(roles: tuple[str, ...] = STAFF_ROLES) -> Callable[[View], View]:
    """The view takes the client account (from the URL's pk) the user may act on in one of `roles`."""
    return _object_page(account_for, roles)


def _signed_in_page(lookup: Callable[[User, int], Candidate]) -> Callable[[View], View]:
    """Any signed-in user (no staff role needed); `lookup` decides whether the candidate is theirs to see."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, lookup(request.user, pk), *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


# The view takes the candidate (from the URL's pk) on whose panel the signed-in user sits.
panel_page = _signed_in_page(panel_candidate_for)
# The view takes the candidate (from the URL's pk) if the user sits on the panel or is staff.
panel_or_staff_page = _signed_in_page(panel_or_staff_candidate_for)
