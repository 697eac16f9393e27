from django.apps import AppConfig

VERBS = {
    "assignment.assign": "Reviewer assigned",
    "assignment.reassign": "Review reassigned",
    "assignment.remind": "Overdue reminder sent",
}


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Medical Advisory Board and reviews"

    def ready(self):
        from audit.verbs import register_verbs

        register_verbs(VERBS)
