"""Bibliography files (BibTeX, RIS, PubMed MEDLINE) into candidate entries, checked before saving.

`read_upload` decodes and parses a file into candidate dicts (the Reference
fields), `classify` sorts them into new / duplicate / invalid with a reason,
and the preview carries the candidates to the confirmation in a signed token.
Nothing here writes to the database.
"""

from .common import (
    ALLOWED_EXTENSIONS,
    CANDIDATE_FIELDS,
    MAX_ENTRIES,
    MAX_UPLOAD_BYTES,
    parse_any,
    parse_text,
    read_upload,
    vancouver_name,
)
from .preview import Row, classify, make_token, read_token

__all__ = [
    "ALLOWED_EXTENSIONS",
    "CANDIDATE_FIELDS",
    "MAX_ENTRIES",
    "MAX_UPLOAD_BYTES",
    "Row",
    "classify",
    "make_token",
    "parse_any",
    "parse_text",
    "read_token",
    "read_upload",
    "vancouver_name",
]
