"""sitemap.xml: an index of sections, each a page of at most `limit` URLs, so it scales to any
number of articles. Only live articles are listed; an article's lastmod is when its live revision
went live (its approval, or its scheduled publication's time)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from articles import selectors
from articles.models import went_live_at
from reviews.models import BoardMember

from . import freshness


class ArticleSitemap(Sitemap):
    limit = 5_000  # well under the protocol's 50,000 URLs per file

    def items(self):
        return (
            selectors.article_list_published()
            .only("slug", "live_revision__approved_at", "live_revision__state")
            .annotate(live_since=went_live_at("live_revision__"))
            .order_by("pk")
        )

    def lastmod(self, article):
        return article.live_since

    def get_latest_lastmod(self):
        # One aggregate query; the default would load every article to find the newest.
        return selectors.article_list_published().aggregate(latest=Max(went_live_at("live_revision__")))[
            "latest"
        ]


class ChangedWithTheReaderSite:
    """lastmod for pages that change with anything on the reader site (board profiles list the
    articles each member approved; the home and policy pages): the reader content version's
    time, which moves on with every such change (reader.freshness)."""

    @cached_property
    def changed_at(self):
        # One query per request: the view makes a new sitemap instance for each.
        return freshness.state_for_this_request().changed_at

    def lastmod(self, item):
        return self.changed_at

    def get_latest_lastmod(self):
        return self.changed_at


class BoardSitemap(ChangedWithTheReaderSite, Sitemap):
    limit = 5_000

    def items(self):
        return BoardMember.objects.active().only("slug").order_by("pk")


class PagesSitemap(ChangedWithTheReaderSite, Sitemap):
    def items(self):
        return ["home", "board-list", "editorial-policy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "board": BoardSitemap, "pages": PagesSitemap}
