"""Retraction surveillance (Celery beat, daily). Thin: the work is in the services.

Idempotent: an entry already marked retracted is not checked again, and a
correction already recorded is not recorded twice, so a second run changes
nothing and notifies no one.
"""

import logging

from celery import shared_task

from . import selectors, services
from .resolver import ResolverError, get_resolver

logger = logging.getLogger(__name__)


def _notice(update, *, found_in="Crossref"):
    text = f"{found_in}: {update.label or update.update_type.replace('_', ' ')}"
    if update.notice_doi:
        text += f" notice doi:{update.notice_doi}"
    if update.date:
        text += f" ({update.date})"
    return text + "."


@shared_task
def check_retractions():
    """Ask the resolver about every DOI that a live or in-progress revision cites; mark the hits."""
    resolver = get_resolver()
    summary = {"checked": 0, "retracted": 0, "corrected": 0, "failed": 0}
    for reference in selectors.cited_dois_to_check():
        try:
            status = resolver.retraction_status(reference.doi)
        except ResolverError as exc:
            summary["failed"] += 1
            logger.warning("Retraction check of %s failed: %s", reference.doi, exc)
            continue
        summary["checked"] += 1
        retraction = status.retraction
        if retraction is not None:
            services.reference_mark_retracted(
                reference=reference,
                actor=None,
                notice=_notice(retraction),
                retracted_on=services.parse_date(retraction.date),
            )
            summary["retracted"] += 1
            continue
        for correction in status.corrections:
            before = reference.correction_notice
            reference = services.reference_record_correction(
                reference=reference, actor=None, notice=_notice(correction)
            )
            summary["corrected"] += reference.correction_notice != before
    logger.info("Retraction check: %s", summary)
    return summary
