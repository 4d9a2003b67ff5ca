from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "hireplay.web.outbox"
    label = "outbox"
    verbose_name = "E-mails"
