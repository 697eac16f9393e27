"""The events articles' actions record: a revision's events carry its number, and a
publication what readers are shown of it (the public change log reads these)."""

from audit.log import log_action


def log_revision_event(revision, *, verb, actor, from_state="", comment="", data=None):
    """Record an event about a revision; the revision's number always travels with it."""
    return log_action(
        actor=actor,
        verb=verb,
        obj=revision,
        from_state=from_state,
        to_state=revision.state if from_state else "",
        comment=comment,
        data={"revision": revision.number, **(data or {})},
        article_id=revision.article_id,
    )


def publication_data(revision, *, replaces=None):
    """What a ``revision.publish`` event keeps: the approved question and summary, the
    fingerprint, who approved it and the disclaimers pinned."""
    return {
        "question": revision.question,
        "change_summary": revision.change_summary,
        "approved_at": revision.approved_at,
        "content_sha256": revision.content_sha256,
        "approved_by": [
            {"id": d.reviewer_id, "name": d.reviewer.display_name, "credentials": d.reviewer.credentials}
            for d in revision.approvals().select_related("reviewer").order_by("created_at")
        ],
        "disclaimers": {
            "patient": revision.disclaimer_patient.version if revision.disclaimer_patient else None,
            "professional": (
                revision.disclaimer_professional.version if revision.disclaimer_professional else None
            ),
        },
        "replaces_revision": replaces,
    }
