"""The vocabulary of events: each verb with the words people read for it.

Apps register their verbs when they load (``AppConfig.ready``), as Wagtail's
log actions do, so a misspelt verb fails at once instead of writing an event
nobody can describe.
"""

_labels = {}


def register_verbs(labels):
    """Add ``{"revision.approve": "Approved", ...}`` to the vocabulary."""
    _labels.update(labels)


def verb_label(verb):
    return _labels.get(verb, verb)


def is_registered(verb):
    return verb in _labels


def registered_verbs():
    return dict(_labels)
