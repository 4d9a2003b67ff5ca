"""`hireplay email`: sending the e-mails whose first try failed, and listing those not sent."""

from __future__ import annotations

import os
import time
from typing import Annotated

import typer
from rich.markup import escape

from hireplay.cli.database import for_reading, for_writing
from hireplay.cli.output import out

email_app = typer.Typer(help="E-mails to candidates and panels that are not sent yet.", no_args_is_help=True)


@email_app.command("send")
def email_send(
    every: Annotated[
        int, typer.Option("--every", help="Keep running: send what is due every this many minutes (0: once).", min=0)
    ] = 0,
) -> None:
    """Try again the e-mails whose time for another try has come (cron: every minute; `hireplay serve`
    runs it on its own)."""
    for_writing()
    from hireplay.web.outbox.mail import send_due

    parent = os.getppid()
    while True:
        sent, failed = send_due()
        if sent or failed or not every:
            out.print(f"{sent} e-mail(s) sent, {failed} failed again")
        if not every:
            return
        for _ in range(every * 60):
            time.sleep(1)
            if os.getppid() != parent:  # the server that started this loop has stopped
                return


@email_app.command("list")
def email_list() -> None:
    """The e-mails not sent yet, oldest first: to whom, about what, and why."""
    for_reading()
    from hireplay.web.outbox.models import Email

    rows = Email.objects.exclude(status=Email.Status.SENT).select_related("organization").order_by("pk")
    count = 0
    for row in rows.iterator():
        count += 1
        state = (
            "not sent, not retried"
            if row.status == Email.Status.FAILED
            else (f"next try {row.next_attempt_at:%Y-%m-%d %H:%M} UTC" if row.next_attempt_at else "waiting")
        )
        out.print(f"{row.pk} {escape(row.about)} {escape(row.kind)} ({escape(row.organization.slug if row.organization else '-')})"
                  f": {state}; tried {row.attempts} time(s){': ' + escape(row.last_error) if row.last_error else ''}")  # fmt: skip
    out.print(f"{count} e-mail(s) not sent")
