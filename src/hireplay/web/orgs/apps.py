from typing import Any

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "hireplay.web.orgs"
    label = "orgs"
    verbose_name = "Organisations and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_remember_language, dispatch_uid="hireplay-staff-language")


def _remember_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Keep the person's chosen language in their session for as long as it lasts (one query at
    sign-in, none per page)."""
    from hireplay.web.middleware import LANGUAGE_KEY
    from hireplay.web.orgs.models import Preference

    if request is not None and hasattr(request, "session"):
        chosen = Preference.objects.filter(user=user).values_list("language", flat=True).first()
        request.session[LANGUAGE_KEY] = chosen or "en"
