from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hireplay.web.audit"
    label = "audit"
    verbose_name = "Audit log"
