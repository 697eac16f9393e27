"""One function per user action on figures: upload, describe anew, delete.

Each works from the draft the editor is writing (roles.policy, Action.MANAGE_FIGURES), in one
transaction with its history row and its event. A figure an approved revision shows, or one
placed in a revision the board has been sent, is never changed or deleted (ActionConflict).
"""

import re

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction

from audit.history import save_with_history
from audit.log import log_action
from editorial.exceptions import ActionConflict, InvalidAction
from roles import policy
from roles.policy import Action

from .figure_images import check_size, clean_image
from .figures import figures_locked_by
from .models import Figure, Revision
from .models.figure import figure_storage_name

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,59}\Z")
LIMITS = {"alt": 400, "caption": 600, "credit": 200}
LABELS = {"alt": "alt text", "caption": "caption", "credit": "credit"}


def _words(*, alt, caption, credit):
    """The figure's alt text, caption and credit, checked (InvalidAction with field errors)."""
    values = {"alt": alt, "caption": caption, "credit": credit}
    errors = {}
    for name, value in values.items():
        value = " ".join((value or "").split())  # one line each: no stray newlines or tabs
        values[name] = value
        if "\x00" in value:
            errors[name] = ["Contains a character that is not allowed."]
        elif len(value) > LIMITS[name]:
            errors[name] = [f"At most {LIMITS[name]} characters."]
    if not values["alt"] and "alt" not in errors:
        errors["alt"] = [
            "Describe what the image shows, for readers who cannot see it (alt text is required)."
        ]
    if errors:
        first = next(iter(errors))
        raise InvalidAction(f"The figure's {LABELS[first]}: {errors[first][0]}", field_errors=errors)
    return values


def _check_key(key):
    key = (key or "").strip()
    if not _KEY.match(key):
        message = (
            "Give the figure a key of letters, digits, hyphens or underscores (at most 60), "
            'e.g. "knee-x-ray": the wordings place it as ![@key].'
        )
        raise InvalidAction(message, field_errors={"key": [message]})
    return key


def _lock_draft(revision, actor):
    revision = Revision.objects.select_for_update().select_related("article").get(pk=revision.pk)
    policy.require(actor, Action.MANAGE_FIGURES, revision)
    return revision


def _store(image):
    """Keep the bytes under their SHA-256 name (once: identical bytes are the same file)."""
    storage = storages["default"]
    name = figure_storage_name(image.sha256, image.image_format)
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(image.data))
        if saved != name:  # someone stored the same bytes a moment ago: theirs is the one
            storage.delete(saved)


def figure_upload(*, revision, actor, image_file, key, alt, caption="", credit=""):
    """Add a figure to the draft's article. `image_file` is an uploaded file (or None)."""
    policy.require(actor, Action.MANAGE_FIGURES, revision)
    key = _check_key(key)
    words = _words(alt=alt, caption=caption, credit=credit)
    if image_file is None:
        raise InvalidAction("Choose an image file to upload.", field_errors={"image": ["Choose a file."]})
    check_size(image_file.size)  # before reading a byte of it
    image = clean_image(image_file.read())
    try:
        with transaction.atomic():
            revision = _lock_draft(revision, actor)
            if Figure.objects.filter(article_id=revision.article_id, key=key).exists():
                message = f'This article already has a figure with the key "{key}". Choose another key.'
                raise InvalidAction(message, field_errors={"key": [message]})
            _store(image)
            figure = Figure(
                article=revision.article,
                key=key,
                sha256=image.sha256,
                image_format=image.image_format,
                width=image.width,
                height=image.height,
                byte_size=len(image.data),
                uploaded_by=actor,
                **words,
            )
            save_with_history(figure, actor=actor, reason="Figure uploaded")
            log_action(
                actor=actor,
                verb="figure.upload",
                obj=figure,
                data={"key": key, "sha256": image.sha256, "revision": revision.number, **words},
            )
    except IntegrityError as exc:
        raise ActionConflict(
            f'Someone else added a figure with the key "{key}" at the same moment. Reload the page.'
        ) from exc
    return figure


def _lock_figure(revision, figure, actor):
    revision = _lock_draft(revision, actor)
    figure = Figure.objects.select_for_update().filter(pk=figure.pk, article_id=revision.article_id).first()
    if figure is None:
        raise ActionConflict("This figure is no longer part of the article. Reload the page.")
    locked = figures_locked_by(figure)
    if locked:
        raise ActionConflict(locked)
    return revision, figure


def figure_update(*, revision, figure, actor, alt, caption="", credit=""):
    """Describe a figure anew (alt text, caption, credit); its image never changes."""
    policy.require(actor, Action.MANAGE_FIGURES, revision)
    words = _words(alt=alt, caption=caption, credit=credit)
    with transaction.atomic():
        revision, figure = _lock_figure(revision, figure, actor)
        before = {name: getattr(figure, name) for name in words}
        for name, value in words.items():
            setattr(figure, name, value)
        save_with_history(figure, actor=actor, reason="Figure described anew")
        log_action(
            actor=actor,
            verb="figure.update",
            obj=figure,
            data={"key": figure.key, "revision": revision.number, "before": before, "after": words},
        )
    return figure


def figure_delete(*, revision, figure, actor):
    """Delete a figure no approved or submitted revision shows (its history stays)."""
    policy.require(actor, Action.MANAGE_FIGURES, revision)
    with transaction.atomic():
        revision, figure = _lock_figure(revision, figure, actor)
        # The event first: it needs the figure's id. Its bytes stay stored: the history names them.
        log_action(
            actor=actor,
            verb="figure.delete",
            obj=figure,
            data={"key": figure.key, "sha256": figure.sha256, "revision": revision.number},
        )
        figure._history_user = actor
        figure._change_reason = "Figure deleted"
        figure.delete()
