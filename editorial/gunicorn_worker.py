"""gunicorn's sync worker, draining its listen queue before it exits.

On SIGTERM (a deploy, a scale-down) the arbiter closes its copy of the listening socket and
tells the workers to stop. A sync worker then finishes the request in hand and exits, and
when the last worker's copy of the socket closes, the kernel resets every connection still
waiting in the listen backlog: requests the server had already accepted. This worker keeps
accepting and serving until the backlog has been empty for DRAIN_QUIET_SECONDS (bounded by
graceful_timeout), and only then closes the socket.
"""

import errno
import select
import time

from gunicorn.workers.sync import SyncWorker

DRAIN_QUIET_SECONDS = 0.3


class DrainingSyncWorker(SyncWorker):
    def run(self):
        super().run()
        self.drain()

    def _accept_waiting(self):
        """Serve one connection waiting in any listen queue; False when none is waiting."""
        for listener in self.sockets:
            try:
                self.accept(listener)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.ECONNABORTED):
                    continue
                raise
            return True
        return False

    def drain(self):
        deadline = time.monotonic() + max(1, self.cfg.graceful_timeout - 1)
        quiet_since = time.monotonic()
        served = 0
        while time.monotonic() < deadline:
            self.notify()
            if self._accept_waiting():
                served += 1
                quiet_since = time.monotonic()
                continue
            if time.monotonic() - quiet_since >= DRAIN_QUIET_SECONDS:
                break
            select.select(self.sockets, [], [], 0.05)
        for listener in self.sockets:
            listener.close()
        if served:
            self.log.info("Served %s queued connection(s) before exiting.", served)
