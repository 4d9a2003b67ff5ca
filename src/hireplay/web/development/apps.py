from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "hireplay.web.development"
    label = "development"
    verbose_name = "Development towards a target role"
