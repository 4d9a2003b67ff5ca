"""Who may see what: people act through their memberships; agency staff also serve its clients."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from hireplay.web.orgs.models import Membership, Organization

STAFF_ROLES = (Membership.Role.ADMIN, Membership.Role.RECRUITER, Membership.Role.HIRING_MANAGER)
MANAGE_ROLES = (Membership.Role.ADMIN, Membership.Role.RECRUITER)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def organizations(
    user: AbstractBaseUser | AnonymousUser, roles: tuple[str, ...] = STAFF_ROLES
) -> QuerySet[Organization]:
    """The organisations whose hiring data `user` may see in one of `roles`."""
    if not user.is_authenticated:
        return Organization.objects.none()
    own = Membership.objects.filter(user_id=user.pk, role__in=roles).values("organization")
    return Organization.objects.filter(Q(pk__in=own) | Q(agency__in=own)).distinct()


def can(user: AbstractBaseUser | AnonymousUser, organization_id: int, roles: tuple[str, ...] = STAFF_ROLES) -> bool:
    return organizations(user, roles).filter(pk=organization_id).exists()


def staff_required(view: View) -> View:
    """Signed-in people with a staff role somewhere; object-level checks stay in the view."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        from django.contrib.auth.views import redirect_to_login

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not organizations(request.user).exists():
            return HttpResponse("You have no hiring role in any organisation.", status=403)
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
