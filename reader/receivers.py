"""The reader site's cached pages follow the content: the content layer signals, we listen.

Every publication, unpublication or change to what an article page shows moves the
publication version on once the transaction has committed, so no reader is served a page
built before the change."""

from django.db import transaction
from django.dispatch import receiver

from articles.signals import article_unpublished, reader_content_changed, revision_published

from .pages import invalidate_reader_pages


@receiver(revision_published, dispatch_uid="reader-revision-published")
@receiver(article_unpublished, dispatch_uid="reader-article-unpublished")
@receiver(reader_content_changed, dispatch_uid="reader-content-changed")
def invalidate_cached_pages(sender, **kwargs):
    transaction.on_commit(invalidate_reader_pages, robust=True)
