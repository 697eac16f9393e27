from django.apps import AppConfig

VERBS = {
    "assignment.assign": "Reviewer assigned",
    "assignment.reassign": "Review reassigned",
    "assignment.remind": "Overdue reminder sent",
    "guest.invite": "Guest specialist invited",
    "guest.revoke": "Guest link revoked",
    "guest.link_opened": "Guest link opened",
    "guest.link_refused": "Guest link refused",
    "guest.recommend": "Guest specialist's recommendation",
}


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Medical Advisory Board and reviews"

    def ready(self):
        from audit.verbs import register_verbs

        register_verbs(VERBS)
