"""A local SMTP server for the fault suite, slow on purpose (aiosmtpd).

Each message is held `delay` seconds before the server answers the end of DATA, as a busy mail
server does, so a worker can be killed while handing a message over. The server records:
- accepted: every message whose DATA it received in full (a real server may queue these even
  when the client vanished before the answer: the worst case the README states), and
- acknowledged: those whose "250" answer reached a client that was still connected.
"""

import asyncio
import email
import threading
import time

from aiosmtpd.controller import Controller


class SlowHandler:
    def __init__(self, delay):
        self.delay = delay
        self.lock = threading.Lock()
        self.accepted = []  # (message_id, to, time)
        self.acknowledged = []
        self.in_progress = set()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        message_id = message.get("Message-ID", "")
        with self.lock:
            self.in_progress.add(message_id)
        try:
            await asyncio.sleep(self.delay)
        finally:
            with self.lock:
                self.in_progress.discard(message_id)
        record = (message_id, tuple(envelope.rcpt_tos), time.monotonic())
        with self.lock:
            self.accepted.append(record)
            if server.transport is not None and not server.transport.is_closing():
                self.acknowledged.append(record)
        return "250 Message accepted for delivery"


class SlowSmtpServer:
    def __init__(self, port, delay=0.0):
        self.handler = SlowHandler(delay)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def set_delay(self, seconds):
        self.handler.delay = seconds

    def snapshot(self):
        with self.handler.lock:
            return list(self.handler.accepted), list(self.handler.acknowledged), set(self.handler.in_progress)
