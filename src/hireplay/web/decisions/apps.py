from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "hireplay.web.decisions"
    label = "decisions"
    verbose_name = "Decisions"
