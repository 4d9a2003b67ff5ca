"""A person's own settings: the language of their staff pages (English, French or Dutch), which also
sets how dates are written on them (day/month/year in French and Dutch)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from hireplay.web.access import signed_in
from hireplay.web.middleware import LANGUAGE_KEY
from hireplay.web.orgs.models import Preference


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    languages = dict(settings.LANGUAGES)
    problem = ""
    if request.method == "POST":
        chosen = request.POST.get("language", "")
        if chosen in languages:
            user = request.user
            assert isinstance(user, User)
            Preference.objects.update_or_create(user=user, defaults={"language": chosen})
            request.session[LANGUAGE_KEY] = chosen
            with translation.override(chosen):
                messages.success(request, _("Your pages are now in {language}.").format(language=languages[chosen]))
            return redirect("account")
        problem = _("Choose one of the languages in the list.")
    current = request.session.get(LANGUAGE_KEY, settings.LANGUAGE_CODE)
    return render(request, "orgs/account.html", {"languages": settings.LANGUAGES, "current": current,
                                                 "problem": problem}, status=400 if problem else 200)  # fmt: skip
