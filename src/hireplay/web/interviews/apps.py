from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "hireplay.web.interviews"
    label = "interviews"
    verbose_name = "Interviews"
