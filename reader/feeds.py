"""Atom feed of newly approved articles and approved updates. Approved text only."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles import selectors

from .structured_data import PUBLISHER_NAME

FEED_SIZE = 30


class ApprovedUpdatesFeed(Feed):
    """RFC 4287: every entry has an absolute, permanent id (on SITE_URL, the site's public
    address, whatever host the feed was fetched from) and the feed names its author."""

    feed_type = Atom1Feed
    title = "Reviewed Health Answers: new and updated articles"
    subtitle = "Articles and updates approved by our Medical Advisory Board."
    author_name = PUBLISHER_NAME

    def author_link(self):
        return settings.SITE_URL + "/"

    def feed_guid(self):
        return settings.SITE_URL + reverse("feed-updates")

    def link(self):
        return reverse("home")

    def items(self):
        return selectors.revision_list_published_updates()[:FEED_SIZE]

    def item_title(self, revision):
        prefix = "New" if revision.number == 1 else "Updated"
        return f"{prefix}: {revision.article.question}"

    def item_description(self, revision):
        return revision.change_summary or "Approved by our Medical Advisory Board."

    def item_link(self, revision):
        return revision.article.get_absolute_url()

    def item_guid(self, revision):
        return f"{settings.SITE_URL}{revision.article.get_absolute_url()}#revision-{revision.number}"

    item_guid_is_permalink = False

    # The entry is the revision's publication: when readers could first see it (a scheduled
    # update goes live after its approval).
    def item_pubdate(self, revision):
        return revision.went_live_at

    def item_updateddate(self, revision):
        return revision.went_live_at

    def item_categories(self, revision):
        return [revision.article.specialty]
