from django.apps import AppConfig

# The events articles' services record (audit.log.log_action), with what people read for each.
VERBS = {
    "article.create": "Article created",
    "article.unpublish": "Unpublished",
    "article.flag_rereview": "Due for re-review",
    "revision.create_draft": "Draft started",
    "revision.update_draft": "Draft edited",
    "revision.submit": "Submitted for review",
    "revision.withdraw": "Withdrawn",
    "revision.start_review": "Taken into review",
    "revision.approve": "Decision: approve",
    "revision.request_changes": "Changes requested",
    "revision.publish": "Approved and published",
    "revision.schedule": "Approved; scheduled to go live",
    "revision.cancel_schedule": "Scheduled publication cancelled",
    "figure.upload": "Figure uploaded",
    "figure.update": "Figure described anew",
    "figure.delete": "Figure deleted",
    "followup.ask": "Follow-up question asked",
    "followup.plan": "Follow-up question turned into an article draft",
    "retraction_alert.raise": "Cites a source marked retracted",
    "retraction_alert.resolve": "Retraction alert resolved",
}


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from audit.verbs import register_verbs

        from . import retractions  # noqa: F401 - listens for sources marked retracted

        register_verbs(VERBS)
