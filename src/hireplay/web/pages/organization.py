"""The organisation's settings page (administrators): time zone, contact address, reasons for a rejection."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hireplay.web.access import ADMIN_ROLES, organization_for, organizations, roles_required
from hireplay.web.audit.catalogue import actor
from hireplay.web.flows.organization import (
    MAX_LOGO,
    disposition_labels,
    logo_uri,
    set_logo,
    time_zones,
    update,
)
from hireplay.web.flows.outcomes import measures_text, parse
from hireplay.web.orgs.models import Organization


@roles_required(ADMIN_ROLES)
def settings_page(request: HttpRequest) -> HttpResponse:
    organization = organization_for(request.user, request.GET.get("org") or request.POST.get("org"), ADMIN_ROLES)
    problems: dict[str, str] = {}
    typed = {"time_zone": organization.time_zone, "contact_email": organization.contact_email,
             "dispositions": "\n".join(disposition_labels(organization)),
             "outcomes": measures_text(organization), "self_id_form": organization.self_id_form,
             "self_id_purpose": organization.self_id_purpose}  # fmt: skip
    if request.method == "POST":
        # A field the form did not send is left as it is (never cleared because it was missing).
        typed = {k: request.POST.get(k, v) for k, v in typed.items()}
        parsed, problem = parse(typed["outcomes"])
        if problem:
            problems["outcomes"] = problem
        else:
            problems = update(organization, typed["time_zone"], typed["contact_email"], typed["dispositions"],
                              actor(request.user), outcomes=parsed if "outcomes" in request.POST else None,
                              self_id=(typed["self_id_form"], typed["self_id_purpose"]))  # fmt: skip
        if not problems:
            messages.success(request, gettext("The settings of {org} were saved.").format(org=organization.name))
            return redirect(f"{request.path}?org={organization.slug}")
    return render(request, "orgs/settings.html", {
        "organization": organization, "typed": typed, "problems": problems, "zones": time_zones(),
        "self_id_forms": Organization._meta.get_field("self_id_form").choices,
        "choices": organizations(request.user, ADMIN_ROLES).order_by("name"), "logo": logo_uri(organization.pk),
    }, status=400 if problems else 200)  # fmt: skip


@roles_required(ADMIN_ROLES)
@require_POST
def logo(request: HttpRequest) -> HttpResponse:
    """Upload or remove the organisation's logo (its own form on the settings page)."""
    organization = organization_for(request.user, request.POST.get("org"), ADMIN_ROLES)
    back = f"{reverse('organization-settings')}?org={organization.slug}#logo"
    if request.POST.get("action") == "remove":
        set_logo(organization, None, actor(request.user))
        messages.success(request, gettext("The logo was removed."))
        return redirect(back)
    upload = request.FILES.get("logo")
    if upload is None or not upload.size:
        messages.error(request, gettext("choose an image file for the logo first."))
        return redirect(back)
    if upload.size > MAX_LOGO:
        problem: str | None = f"the file is {upload.size / 1024:.0f} KB; a logo may be up to 300 KB"
    else:
        problem = set_logo(organization, upload.read(), actor(request.user))
    if problem:
        messages.error(request, gettext("the logo was not changed: {problem}.").format(problem=problem))
    else:
        messages.success(request, gettext("The logo was saved; it appears on reports and on the application pages."))
    return redirect(back)
