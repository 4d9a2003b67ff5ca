from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "hireplay.web.compliance"
    label = "compliance"
    verbose_name = "Self-identification"
