"""A real HTTP server in a thread that plays a partner's webhook endpoint."""

import http.server
import threading
from contextlib import contextmanager

PORTS = range(18500, 18600)


class Receiver:
    def __init__(self, statuses):
        # The status to answer each request with, in turn; 204 once they run out.
        self.statuses = list(statuses)
        self.requests = []
        self.lock = threading.Lock()

    def handler(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the stdlib's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.requests.append({"headers": dict(self.headers), "body": body})
                    status = receiver.statuses.pop(0) if receiver.statuses else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler


@contextmanager
def running_receiver(statuses=()):
    """Yields (receiver, url) with the server listening on a free port of our range."""
    receiver = Receiver(statuses)
    for port in PORTS:
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), receiver.handler())
            break
        except OSError:
            continue
    else:
        raise RuntimeError("No free port for the webhook receiver.")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver, f"http://127.0.0.1:{port}/hooks/reviewed-answers"
    finally:
        server.shutdown()
        server.server_close()
