from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "hireplay.web.orgs"
    label = "orgs"
    verbose_name = "Organisations and roles"
