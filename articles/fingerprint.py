"""The approval fingerprint: what the board approved, as one document anyone can hash.

At approval the revision's canonical document is built and its SHA-256 stored with the
version of the document format (`Revision.fingerprint_version`). Verifying rebuilds the
document from what readers are served now and compares.

Canonical serialisation (every version): JSON with object keys sorted, no whitespace
between tokens, non-ASCII characters written as themselves, encoded as UTF-8; only
strings, integers, lists, objects and null occur. The fingerprint is the SHA-256 of exactly
these bytes, which /articles/<slug>/verify.json serves unchanged.

Version 2 (every approval since it exists) covers everything readers are shown from an
approved revision:

    {
      "fingerprint_version": 2,
      "revision": 3,                                  the revision's number
      "question": "...",                              the page title
      "change_summary": "...",                        its line in the public change log
      "wordings": {"patient": "...", "professional": "..."},
      "references": [ {pinned snapshot}, ... ],       sorted by citation_key
      "disclaimers": {"patient": {"version": 1, "text": "..."}, "professional": {...}},
      "figures": [ {"key", "sha256", "alt", "caption", "credit"}, ... ],
      "approval": {"approved_at": "2026-01-31T09:00:00.123456+00:00", "quorum": 1,
                   "decisions": [{"id": 12, "board_member_id": 4}]}
    }

A reference whose pinned copy is gone appears as null: readers never get the live library
entry in its place, so neither does the document. Version 1 (approvals made before version
2) covered both wordings, the pinned references and the disclaimers; it is kept, unchanged,
so that those fingerprints still verify.
"""

import hashlib
import json
from datetime import UTC

from .models import Audience

CURRENT_VERSION = 2
VERSIONS = (1, 2)


class UnknownFingerprintVersion(ValueError):
    """A stored fingerprint names a document format this code does not know."""


def canonical_bytes(document):
    """The document in its canonical serialisation (see the module docstring)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# ----------------------------------------------------------------------
# The parts of the document
# ----------------------------------------------------------------------
def pinned_references(revision):
    """The pinned snapshots sorted by citation key; null for each copy that is missing."""
    snapshots, missing = [], 0
    for citation in revision.citations.all():
        if citation.pinned_snapshot:
            snapshots.append(citation.pinned_snapshot)
        else:
            missing += 1
    snapshots.sort(key=lambda snap: str(snap.get("citation_key", "")))
    return snapshots + [None] * missing


def missing_pinned_copies(revision):
    """Citation keys (as the library has them now) of references with no pinned copy."""
    return [
        citation.reference.citation_key
        for citation in revision.citations.all()
        if not citation.pinned_snapshot
    ]


def _disclaimer(disclaimer):
    if disclaimer is None:
        return None
    return {"version": disclaimer.version, "text": disclaimer.text}


def _disclaimers(revision):
    return {
        Audience.PATIENT.value: _disclaimer(revision.disclaimer_patient),
        Audience.PROFESSIONAL.value: _disclaimer(revision.disclaimer_professional),
    }


def figures(revision):
    """The figures readers are shown with the revision, as pinned at approval, each as
    {"key", "sha256" (of the stored image's bytes), "alt", "caption", "credit"}, sorted by key.

    Approvals made before figures existed pin none: their list is empty, as it was when they
    were sealed, so their fingerprints still verify."""
    pins = revision.pinned_figures.all() if revision.pk else []
    return sorted((pin.fingerprint_entry() for pin in pins), key=lambda entry: entry["key"])


def _timestamp(moment):
    return moment.astimezone(UTC).isoformat() if moment else None


def approval_record_for(revision, decisions, *, quorum):
    """The approval record stored with the revision: the quorum in force and each approving
    decision (id and board member). `decisions` are the approving ReviewDecision rows."""
    return {
        "quorum": quorum,
        "decisions": [
            {"id": decision.pk, "board_member_id": decision.reviewer_id}
            for decision in sorted(decisions, key=lambda d: d.pk)
        ],
    }


# ----------------------------------------------------------------------
# The documents, by version
# ----------------------------------------------------------------------
def _document_v1(revision):
    return {
        "body_patient": revision.body_patient,
        "body_professional": revision.body_professional,
        "references": pinned_references(revision),
        "disclaimers": _disclaimers(revision),
    }


def _document_v2(revision):
    record = revision.approval_record or {}
    return {
        "fingerprint_version": 2,
        "revision": revision.number,
        "question": revision.question,
        "change_summary": revision.change_summary,
        "wordings": {
            Audience.PATIENT.value: revision.body_patient,
            Audience.PROFESSIONAL.value: revision.body_professional,
        },
        "references": pinned_references(revision),
        "disclaimers": _disclaimers(revision),
        "figures": figures(revision),
        "approval": {
            "approved_at": _timestamp(revision.approved_at),
            "quorum": record.get("quorum"),
            "decisions": record.get("decisions", []),
        },
    }


_BUILDERS = {1: _document_v1, 2: _document_v2}


def canonical_document(revision, version=None):
    """The revision's document in format `version` (by default the one it was sealed with)."""
    version = version or revision.fingerprint_version or CURRENT_VERSION
    try:
        builder = _BUILDERS[version]
    except KeyError:
        raise UnknownFingerprintVersion(f"Fingerprint version {version} is unknown.") from None
    return builder(revision)


def document_bytes(revision):
    return canonical_bytes(canonical_document(revision))


def seal(revision):
    """Fingerprint an approved revision with the current version (call once, at approval,
    after the references are pinned and the approval record is set)."""
    revision.fingerprint_version = CURRENT_VERSION
    revision.content_sha256 = sha256_hex(canonical_bytes(canonical_document(revision, CURRENT_VERSION)))


def matches(revision):
    """True when the revision's content, as served now, still has its stored fingerprint."""
    if not revision.content_sha256:
        return False
    try:
        return sha256_hex(document_bytes(revision)) == revision.content_sha256
    except UnknownFingerprintVersion:
        return False
