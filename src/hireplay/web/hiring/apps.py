from django.apps import AppConfig


class HiringConfig(AppConfig):
    name = "hireplay.web.hiring"
    label = "hiring"
    verbose_name = "Openings, candidates and assessments"
