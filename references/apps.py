from django.apps import AppConfig

VERBS = {
    "reference.create": "Added to the library",
    "reference.update": "Changed in the library",
    "reference.import": "Imported into the library",
    "reference.mark_retracted": "Marked retracted",
    "reference.clear_retraction": "Retraction cleared",
    "reference.record_correction": "Correction recorded",
}


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = "Reference library"

    def ready(self):
        from audit.verbs import register_verbs

        register_verbs(VERBS)
