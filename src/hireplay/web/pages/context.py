"""What every staff page's navigation needs: which roles the person holds (the Settings, Audit,
Insights and Fairness links). Asked only when a page shows the navigation, in one query per request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hireplay.web.access import ADMIN_ROLES, CALIBRATION_ROLES, COMPLIANCE_ROLES, INSIGHT_ROLES, STAFF_ROLES
from hireplay.web.orgs.models import Membership


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    held: list[set[str]] = []

    def roles() -> set[str]:
        if not held:
            if user is not None and user.is_authenticated:
                held.append(set(Membership.objects.filter(user_id=user.pk).values_list("role", flat=True)))
            else:
                held.append(set())
        return held[0]

    return {"hires": SimpleLazyObject(lambda: bool(roles() & set(STAFF_ROLES))),
            "interviews": SimpleLazyObject(lambda: bool(roles() & set(CALIBRATION_ROLES))),
            "administers": SimpleLazyObject(lambda: bool(roles() & set(ADMIN_ROLES))),
            "checks_fairness": SimpleLazyObject(lambda: bool(roles() & set(COMPLIANCE_ROLES))),
            "reads_insights": SimpleLazyObject(lambda: bool(roles() & set(INSIGHT_ROLES)))}  # fmt: skip
