"""A stand-in for a caching proxy on a local port: records the PURGE requests it receives and
answers them with the statuses it is told to (200 unless told otherwise)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PurgeRecorder:
    def __init__(self):
        self.received = []  # (host header, path)
        self.statuses = []  # answers to give first, then 200
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the method's name is the HTTP verb
                recorder.received.append((self.headers["Host"], self.path))
                status = recorder.statuses.pop(0) if recorder.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def paths(self):
        return [path for _, path in self.received]
