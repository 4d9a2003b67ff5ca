"""The playbook library of an organisation: the shipped playbooks and its own, each version with
who published it and the openings that use it; a form to publish one (pasted or uploaded), with
every problem located; each version's page with its text and what changed since the previous."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext

from hireplay.core.playbook import Playbook
from hireplay.core.problems import Problem
from hireplay.core.qti import export_package
from hireplay.web.access import MANAGE_ROLES, STAFF_ROLES, can, organization_for, organizations, roles_required
from hireplay.web.audit.catalogue import actor
from hireplay.web.flows import library
from hireplay.web.hiring.models import JobOpening, LibraryPlaybook

MAX_UPLOAD = 1_000_000


@roles_required(STAFF_ROLES)
def library_page(request: HttpRequest) -> HttpResponse:
    organization = organization_for(request.user, request.GET.get("org") or request.POST.get("org"), STAFF_ROLES)
    may_publish = can(request.user, organization.pk, MANAGE_ROLES)
    problems: list[Problem] = []
    typed = ""
    if request.method == "POST":
        if not may_publish:
            return HttpResponse(render_to_string("403.html", {"message": gettext("Publishing a playbook is for administrators "
                                                                      "and recruiters.")}, request=request), status=403)  # fmt: skip
        upload = request.FILES.get("file")
        name = "pasted playbook"
        refused = False
        if upload is not None:
            name = upload.name or "uploaded playbook"
            raw = upload.read(MAX_UPLOAD + 1)
            try:
                typed = raw.decode("utf-8-sig") if len(raw) <= MAX_UPLOAD else ""
            except UnicodeDecodeError:
                typed, refused = "", True
                problems = [Problem(name, 1, 1, "(file)", "not UTF-8 text; save it as UTF-8 and upload it again")]
            if len(raw) > MAX_UPLOAD:
                refused = True
                problems = [Problem(name, 1, 1, "(file)", "over 1 MB; no playbook is that long")]
        else:
            typed = request.POST.get("source", "")
        if typed.strip():
            entry, problems = library.publish(organization, typed, name, actor(request.user), request.user)
            if entry is not None:
                messages.success(request, gettext("Playbook “{title}”, version {version}, is in the library; new openings of "
                                                  "{org} can use it.").format(title=entry.version.title,
                                                                             version=entry.version.version,
                                                                             org=organization.name))  # fmt: skip
                return redirect("library-entry", pk=entry.pk)
        elif not refused:
            problems = [Problem("(form)", 1, 1, "(text)", "paste a playbook or choose a file to upload")]
    own = list(LibraryPlaybook.objects.filter(organization=organization).select_related("version", "published_by")
               .annotate(openings=Count("version__openings", distinct=True)).order_by("version__playbook_id", "-pk"))  # fmt: skip
    shipped = [playbook for _, playbook in library.shipped()]
    return render(request, "hiring/library.html", {
        "organization": organization, "own": own, "shipped": shipped, "may_publish": may_publish,
        "problems": problems, "typed": typed, "choices": organizations(request.user, STAFF_ROLES).order_by("name"),
    }, status=400 if problems else 200)  # fmt: skip


def library_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LibraryPlaybook.objects.select_related("version", "organization", "published_by"), pk=pk)
    if not request.user.is_authenticated:
        return redirect(f"/login/?next={request.path}")
    if not can(request.user, entry.organization_id, STAFF_ROLES):
        raise Http404("No such playbook")
    playbook = entry.version.to_core()
    before = library.previous(entry)
    return render(request, "hiring/library_entry.html", {
        "qti": qti_summary(playbook),
        "entry": entry, "playbook": playbook, "before": before, "diff": library.diff(before, entry) if before else [],
        "openings": JobOpening.objects.filter(playbook=entry.version, organization=entry.organization).order_by("title"),
    })  # fmt: skip


def qti_summary(playbook: Playbook) -> list[str]:
    """What a QTI copy of the playbook leaves out or scores differently, item by item, in words."""
    package = export_package(playbook)
    return [f"{n.item}: {'written, but ' if n.kept else 'not written: '}{n.reason}" for n in package.notes]


def _qti_download(playbook: Playbook) -> HttpResponse:
    """The playbook's assessment as a QTI 3.0 package; a header lists how many items it holds."""
    package = export_package(playbook)
    response = HttpResponse(package.data, content_type="application/zip")
    name = f"{playbook.id}-{playbook.version}-qti3.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Items-Written"] = f"{len(package.written)} of {len(playbook.assessment.items)}"
    return response


def library_entry_qti(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LibraryPlaybook.objects.select_related("version"), pk=pk)
    if not request.user.is_authenticated:
        return redirect(f"/login/?next={request.path}")
    if not can(request.user, entry.organization_id, STAFF_ROLES):
        raise Http404("No such playbook")
    return _qti_download(entry.version.to_core())


@roles_required(STAFF_ROLES)
def shipped_qti(request: HttpRequest, playbook_id: str) -> HttpResponse:
    found = next((p for _, p in library.shipped() if p.id == playbook_id), None)
    if found is None:
        raise Http404("No such playbook")
    return _qti_download(found)
