"""A local HTTP server that replays recorded Crossref and PubMed answers.

The responses under data/crossref and data/pubmed are written by hand in the
shapes those services return. The server listens on 127.0.0.1 on a free port;
the `resolver_server` fixture points settings.REFERENCE_RESOLVER at it.
"""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
TIMEOUT = 0.5
SLOW_DOI = "10.5555/slow.2020.001"
MALFORMED_DOI = "10.5555/malformed.2020.001"
BROKEN_DOI = "10.5555/server-error.2020.001"

CROSSREF_WORKS = {
    "10.5555/knee.2020.001": "crossref/work-knee.json",
    "10.5555/retracted.2019.042": "crossref/work-retracted.json",
    "10.5555/older.2018.003": "crossref/work-older.json",
    "10.5555/corrected.2021.010": "crossref/work-corrected.json",
}
CROSSREF_UPDATES = {"10.5555/older.2018.003": "crossref/updates-older.json"}
PUBMED = {"99000001": "pubmed/esummary-99000001.json"}
# What PubMed's esearch answers for "<doi>[doi]": the PMID of the record carrying that DOI.
PUBMED_BY_DOI = {"10.5555/sr.2021.009": "99000001"}


class RecordedHandler(BaseHTTPRequestHandler):
    requests = []

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass

    def _send(self, status, body, content_type="application/json"):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _file(self, name):
        return (DATA / name).read_text(encoding="utf-8")

    def do_GET(self):  # noqa: N802 - the standard library's name
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        RecordedHandler.requests.append(self.path)
        if url.path.startswith("/crossref/works/"):
            doi = urllib.parse.unquote(url.path[len("/crossref/works/") :]).lower()
            if doi == SLOW_DOI:
                time.sleep(TIMEOUT * 4)
                return self._send(200, self._file("crossref/work-knee.json"))
            if doi == MALFORMED_DOI:
                return self._send(200, '{"status": "ok", "message": {"title": ["cut off')
            if doi == BROKEN_DOI:
                return self._send(503, "Service temporarily unavailable", "text/plain")
            if doi in CROSSREF_WORKS:
                return self._send(200, self._file(CROSSREF_WORKS[doi]))
            # Crossref answers an unknown DOI with a plain-text 404.
            return self._send(404, "Resource not found.", "text/plain")
        if url.path == "/crossref/works":
            doi = query.get("filter", [""])[0].removeprefix("updates:").lower()
            return self._send(200, self._file(CROSSREF_UPDATES.get(doi, "crossref/updates-none.json")))
        if url.path == "/pubmed/esearch.fcgi":
            doi = query.get("term", [""])[0].removesuffix("[doi]").lower()
            ids = [PUBMED_BY_DOI[doi]] if doi in PUBMED_BY_DOI else []
            result = {"header": {"type": "esearch"}, "esearchresult": {"count": str(len(ids)), "idlist": ids}}
            return self._send(200, json.dumps(result))
        if url.path == "/pubmed/esummary.fcgi":
            pmid = query.get("id", [""])[0]
            if pmid in PUBMED:
                return self._send(200, self._file(PUBMED[pmid]))
            missing = json.loads(self._file("pubmed/esummary-missing.json"))
            missing["result"] = {"uids": [pmid], pmid: {"uid": pmid, "error": "cannot get document summary"}}
            return self._send(200, json.dumps(missing))
        return self._send(404, "Not found.", "text/plain")


@pytest.fixture
def resolver_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.REFERENCE_RESOLVER = {
        "CLASS": "references.resolver.HttpResolver",
        "CROSSREF_URL": f"{base}/crossref",
        "PUBMED_URL": f"{base}/pubmed",
        "TIMEOUT": TIMEOUT,
        "CONTACT_EMAIL": "library@example.org",
    }
    RecordedHandler.requests = []
    yield RecordedHandler
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def staff_chief(chief_editor):
    chief_editor.is_staff = True
    chief_editor.save()
    return chief_editor


@pytest.fixture
def staff_editor(editor):
    editor.is_staff = True
    editor.save()
    return editor
