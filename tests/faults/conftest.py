import importlib.util
import shutil

import pytest

from tests.purge_recorder import PurgeRecorder

from .smtp import SlowSmtpServer
from .stack import ROOT, SMTP_PORT, Stack


def _load_http_client():
    spec = importlib.util.spec_from_file_location("e2e_http", ROOT / "bench" / "e2e_http.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


e2e_http = _load_http_client()


@pytest.fixture(scope="session")
def smtp():
    server = SlowSmtpServer(SMTP_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def proxy():
    """A stand-in for Varnish: the PURGE requests the stack sends after each change."""
    recorder = PurgeRecorder()
    yield recorder
    recorder.close()


@pytest.fixture(scope="session")
def stack(smtp, proxy):
    if shutil.which("redis-server") is None:
        pytest.fail("The fault suite needs redis-server and PostgreSQL's server binaries.")
    running = Stack(purge_url=proxy.url)
    try:
        running.up()
        yield running
    except Exception:
        for path in sorted(running.logs.glob("*.log")):
            print(f"---- {path.stem} ----\n{running.log_tail(path.stem)}")
        raise
    finally:
        running.down()


@pytest.fixture
def client_for(stack):
    def make(username=None):
        client = e2e_http.Client(stack.base_url, timeout=30)
        if username:
            client.login(username)
        return client

    return make
