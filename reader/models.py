from django.db import models


class ReaderContentVersion(models.Model):
    """The version of everything readers see (one row); see reader.freshness."""

    version = models.BigIntegerField(
        help_text=(
            "Microseconds since 1970 (UTC) at the last change to anything a reader page shows. "
            "Cached reader pages and their ETag and Last-Modified are keyed on it."
        )
    )

    class Meta:
        verbose_name = "reader content version"

    def __str__(self):
        return f"Reader content version {self.version}"
