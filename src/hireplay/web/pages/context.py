"""What every staff page's navigation needs: whether the person administers an organisation (the
Settings and Audit links). Asked only when a page shows the navigation, once per request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hireplay.web.access import ADMIN_ROLES, COMPLIANCE_ROLES, organizations


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)

    def holds(roles: tuple[str, ...]) -> bool:
        return bool(user is not None and user.is_authenticated and organizations(user, roles).exists())

    return {"administers": SimpleLazyObject(lambda: holds(ADMIN_ROLES)),
            "checks_fairness": SimpleLazyObject(lambda: holds(COMPLIANCE_ROLES))}  # fmt: skip
