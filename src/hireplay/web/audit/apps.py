from typing import Any

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hireplay.web.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        user_locked_out.connect(_sign_ins_locked_out, dispatch_uid="hireplay-axes-lockout")


def _sign_ins_locked_out(sender: Any, request: Any, username: str | None = None, ip_address: str | None = None,
                         **kwargs: Any) -> None:  # fmt: skip
    """django-axes refused sign-ins: recorded once, at the failure that starts the block (axes
    signals every refused attempt after it too)."""
    from django.conf import settings

    from hireplay.core.plaintext import text_problem
    from hireplay.web.audit.log import record

    failures = getattr(request, "axes_failures_since_start", 0)
    if failures != settings.AXES_FAILURE_LIMIT:
        return
    name = (username or "").strip()[:150]
    subject = f"user:{name}" if name and not text_problem(name) else f"address:{ip_address or 'unknown'}"
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    record("system", "access.locked_out", subject, {"what": "sign-in", "failures": failures, "minutes": minutes})
