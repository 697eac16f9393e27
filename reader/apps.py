from django.apps import AppConfig


class ReaderConfig(AppConfig):
    name = "reader"
    verbose_name = "Reader site"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the cache to the content signals
