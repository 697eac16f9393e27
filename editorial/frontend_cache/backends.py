"""Frontend cache backends. Each takes its settings entry and purges absolute URLs."""

import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)


class PurgeFailed(Exception):
    """A cache did not confirm a purge; the task tries again later."""


class BaseBackend:
    def __init__(self, params):
        self.params = params

    def purge(self, urls):
        raise NotImplementedError


class HTTPPurgeBackend(BaseBackend):
    """Sends `PURGE <path>` to a caching proxy (Varnish, nginx's cache purge), with the page's
    own Host header, as deploy/varnish/default.vcl expects. LOCATION is the proxy's address."""

    # The proxy's answers that mean "no longer cached": purged, or it was not there.
    DONE = {200, 204, 404}

    def __init__(self, params):
        super().__init__(params)
        self.location = params["LOCATION"].rstrip("/")
        self.timeout = params.get("TIMEOUT", 5)

    def purge(self, urls):
        failed = []
        for url in urls:
            parts = urlsplit(url)
            target = self.location + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            request = urllib.request.Request(target, method="PURGE", headers={"Host": parts.netloc})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:
                logger.warning("Purging %s from %s failed: %s", url, self.location, error)
                failed.append(url)
                continue
            if status not in self.DONE:
                logger.warning("Purging %s from %s was answered %s", url, self.location, status)
                failed.append(url)
        if failed:
            raise PurgeFailed(f"{len(failed)} of {len(urls)} URL(s) not purged from {self.location}")
