from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "hireplay.web.clients"
    label = "clients"
    verbose_name = "Client accounts"
