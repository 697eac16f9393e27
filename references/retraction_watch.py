"""Matching the Retraction Watch database (its CSV export) against the library by DOI."""

import csv
import io

from editorial.exceptions import InvalidAction

from . import services
from .identifiers import normalise_doi
from .models import Reference

REQUIRED_COLUMNS = {"OriginalPaperDOI", "RetractionDate", "RetractionNature", "Title"}


def import_retraction_watch(*, stream, actor):
    """Mark library entries whose DOI the CSV lists with the nature "Retraction".

    `stream` is a text stream (or bytes, decoded as UTF-8). Other natures
    (corrections, expressions of concern) are recorded as corrections. Running
    the same file twice changes nothing the second time.
    """
    if isinstance(stream, bytes | bytearray):
        stream = io.StringIO(bytes(stream).decode("utf-8-sig", errors="replace"))
    reader = csv.DictReader(stream)
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise InvalidAction(
            "This is not a Retraction Watch CSV: the columns " + ", ".join(sorted(missing)) + " are missing."
        )
    library = {ref.doi: ref for ref in Reference.objects.exclude(doi="")}
    summary = {"rows": 0, "matched": 0, "retracted": 0, "corrected": 0}
    for row in reader:
        summary["rows"] += 1
        try:
            doi = normalise_doi(row.get("OriginalPaperDOI"))
        except Exception:  # noqa: BLE001 - "unavailable" and other placeholders in the export
            continue
        reference = library.get(doi)
        if reference is None:
            continue
        summary["matched"] += 1
        nature = (row.get("RetractionNature") or "").strip()
        notice = f"Retraction Watch: {nature or 'notice'}"
        if row.get("RetractionDOI", "").strip() and row["RetractionDOI"].strip().lower() != "unavailable":
            notice += f", notice doi:{row['RetractionDOI'].strip()}"
        if row.get("RetractionDate", "").strip():
            notice += f" ({row['RetractionDate'].strip()})"
        if row.get("Reason", "").strip():
            notice += f". Reasons: {row['Reason'].strip()[:500]}"
        notice += "."
        if nature.lower() == "retraction":
            if not reference.is_retracted:
                services.reference_mark_retracted(
                    reference=reference,
                    actor=actor,
                    notice=notice,
                    retracted_on=services.parse_date(row.get("RetractionDate")),
                )
                reference.is_retracted = True
                summary["retracted"] += 1
        elif nature.lower() != "reinstatement":
            before = reference.correction_notice
            library[doi] = reference = services.reference_record_correction(
                reference=reference, actor=actor, notice=notice
            )
            summary["corrected"] += reference.correction_notice != before
    return summary
