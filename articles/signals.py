"""What the content layer tells the pages people use, without importing them.

Sent inside the transaction that made the change: a receiver that does work outside the
database (cache, broker, HTTP) must defer it with transaction.on_commit(..., robust=True).
"""

from django.dispatch import Signal

# A revision became the live text of its article. kwargs: revision, previous (the revision
# it replaced, or None for a first publication).
revision_published = Signal()

# An article was taken off the reader site. kwargs: article, revision (the revision that was
# live), reason.
article_unpublished = Signal()

# Something readers see on an article's page changed without a new revision (related
# questions, specialty, a disclaimer, a board member's profile, the editorial policy).
# kwargs: article_ids (an iterable of Article primary keys, or None for "every page").
reader_content_changed = Signal()
