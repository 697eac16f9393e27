"""Atom feed of newly approved articles and approved updates. Approved text only."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles import selectors

FEED_SIZE = 30


class ApprovedUpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = "Reviewed Health Answers: new and updated articles"
    subtitle = "Articles and updates approved by our Medical Advisory Board."

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
        return f"{revision.article.get_absolute_url()}#revision-{revision.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, revision):
        return revision.approved_at

    def item_updateddate(self, revision):
        return revision.approved_at

    def item_categories(self, revision):
        return [revision.article.specialty]
