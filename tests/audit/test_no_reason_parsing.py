"""Pages, exports and e-mails read events, never a history reason: no product module reads
`history_change_reason` except the two that copy it, verbatim, into an event's comment."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCT = ["editorial", "audit", "notifications", "roles", "references", "articles", "reviews", "workspace",
           "reader", "demo", "syndication", "templates"]  # fmt: skip
COPIES_IT_VERBATIM = {"audit/recorder.py", "audit/legacy.py"}
# The admin's history list (django-simple-history's own template, copied without its inline
# style for the CSP) shows each row's reason as it is, in its own column: shown, never parsed.
SHOWS_IT_VERBATIM = {"templates/simple_history/object_history_list.html"}


def test_no_product_code_reads_a_history_reason():
    readers = []
    for folder in PRODUCT:
        for path in (ROOT / folder).rglob("*"):
            relative = path.relative_to(ROOT).as_posix()
            if path.suffix not in {".py", ".html", ".txt"} or "/migrations/" in relative:
                continue
            if relative in COPIES_IT_VERBATIM | SHOWS_IT_VERBATIM:
                continue
            if "history_change_reason" in path.read_text(encoding="utf-8"):
                readers.append(relative)
    assert readers == []
