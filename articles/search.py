"""The full-text search document of live articles (PostgreSQL only).

The question weighs more (A) than the approved wordings (B). The document is
written when an article is published, updated or unpublished, so searching
reads one GIN-indexed column instead of parsing every live article's text.
"""

from django.db import connection

SEARCH_CONFIG = "english"

_DOCUMENT = f"""
    setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(a.question, '')), 'A') ||
    setweight(to_tsvector('{SEARCH_CONFIG}',
        coalesce(r.body_patient, '') || ' ' || coalesce(r.body_professional, '')), 'B')
"""


def article_search_document_sql(article_id=None):
    """SQL that (re)writes the document of one article, or of every article."""
    where = "" if article_id is None else f"AND a.id = {int(article_id)}"
    return f"""
        UPDATE articles_article AS a
        SET search_document = CASE WHEN r.state = 'approved' THEN {_DOCUMENT} ELSE NULL END
        FROM articles_article AS a2
        LEFT JOIN articles_revision AS r ON r.id = a2.live_revision_id
        WHERE a2.id = a.id {where}
    """


def article_refresh_search_document(article_id):
    """Rewrite one article's document after its live text or question changed."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(article_search_document_sql(article_id))
