"""Saving a history-tracked object with who did it and why, the one way every service does."""


def save_with_history(instance, *, actor, reason):
    # simple-history reads both from the instance on every save, and they would
    # stay there for the next save: set them right before each one.
    instance._history_user = actor
    instance._change_reason = reason
    instance.save()
