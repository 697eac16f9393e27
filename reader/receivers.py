"""What the reader site does when the content layer says something readers see changed.

Two things, both for every change: the reader content version moves on inside the change's
own transaction (reader.freshness: no process serves the old page after the commit), and the
pages that show the change are purged from the caches in front of the site once it has
committed (editorial.frontend_cache, through Celery, retried until they succeed).
"""

from django.dispatch import receiver
from django.urls import reverse

from articles.models import Article
from articles.signals import article_unpublished, reader_content_changed, revision_published
from editorial.frontend_cache import purge_after_commit

from . import freshness


def listing_paths():
    """Pages that list articles: home (every page of it), search, sitemaps, feed, board."""
    home = reverse("home")
    return [
        home,
        f"{home}?*",
        reverse("search") + "*",
        "/sitemap*",
        reverse("feed-updates") + "*",
        reverse("board-list") + "*",
    ]


def article_paths(article_ids):
    """Each article's pages (both wordings, the follow-up page, the verification page and its
    JSON document: all under the article's address) and the pages that show it as a related
    question."""
    articles = Article.objects.filter(pk__in=article_ids)
    linking = Article.objects.filter(related_articles__in=article_ids)
    slugs = set(articles.values_list("slug", flat=True)) | set(linking.values_list("slug", flat=True))
    return [reverse("article-detail", kwargs={"slug": slug}) + "*" for slug in sorted(slugs)]


def reader_pages_changed(article_ids):
    """Something on the pages of `article_ids` (None: any page) changed, in this transaction."""
    freshness.reader_content_moved_on()
    if article_ids is None:
        purge_after_commit(["/*"])
    else:
        purge_after_commit(article_paths(list(article_ids)) + listing_paths())


@receiver(revision_published)
def _on_revision_published(sender, revision, **kwargs):
    reader_pages_changed([revision.article_id])


@receiver(article_unpublished)
def _on_article_unpublished(sender, article, **kwargs):
    reader_pages_changed([article.pk])


@receiver(reader_content_changed)
def _on_reader_content_changed(sender, article_ids=None, **kwargs):
    reader_pages_changed(article_ids)
