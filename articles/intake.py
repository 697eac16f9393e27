"""The editors' intake queue: readers' follow-up questions, and turning one into an article.

A question is stored for editors only; it is never shown on a public page. Each client may
send `FOLLOWUP_QUESTIONS_PER_HOUR` questions an hour, counted in the cache under a salted hash of
its address (the address itself is never stored).
"""

import re
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.text import Truncator, slugify

from audit.log import log_action
from editorial.exceptions import ActionConflict, InvalidAction

from . import services
from .models import Article, Audience, FollowUpQuestion

QUESTION_MIN_LENGTH = 10
QUESTION_MAX_LENGTH = 2000
RATE_WINDOW_SECONDS = 60 * 60
# Control characters other than tab and newline; search queries drop them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
# What a question may not contain, because it can make text read differently from what it
# is: control characters (other than tab and line breaks) and the bidirectional embeddings,
# overrides and isolates ("Trojan Source"). Joiners (ZWJ, ZWNJ: emoji, Indic scripts) and
# direction marks (LRM, RLM, ALM: right-to-left text) are ordinary writing and are kept.
REFUSED_IN_QUESTIONS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class QuestionLimitReached(ActionConflict):
    """This client has sent as many questions as it may this hour (HTTP 429)."""


def client_fingerprint(address):
    """A salted hash of the client's address: enough to count its questions, useless to identify it."""
    return salted_hmac("articles.intake.client", address or "unknown", algorithm="sha256").hexdigest()


def clean_question(text):
    """The question as typed (line breaks normalised, surrounding space trimmed), or
    InvalidAction: a character we cannot keep is refused and named, never silently removed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    refused = REFUSED_IN_QUESTIONS.search(text)
    if refused:
        character = refused.group()
        name = unicodedata.name(character, "a control character")
        raise InvalidAction(
            f"Your question contains a character we cannot accept: U+{ord(character):04X} ({name}), "
            f"at position {refused.start() + 1}. It can make text display differently from what it "
            "says. Please remove it and send your question again."
        )
    text = text.strip()
    if not text:
        raise InvalidAction("Please write your question before sending it.")
    if len(text) < QUESTION_MIN_LENGTH:
        raise InvalidAction(
            f"Your question is too short to act on: please use at least {QUESTION_MIN_LENGTH} characters."
        )
    if len(text) > QUESTION_MAX_LENGTH:
        raise InvalidAction(
            f"Your question is too long: please keep it under {QUESTION_MAX_LENGTH:,} characters "
            f"(it has {len(text):,})."
        )
    return text


def _rate_key(fingerprint):
    return f"intake:questions:{fingerprint}"


def _take_rate_slot(fingerprint):
    """Count one question for this client; refuse when the hour's allowance is used up."""
    key = _rate_key(fingerprint)
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    if count > settings.FOLLOWUP_QUESTIONS_PER_HOUR:
        raise QuestionLimitReached(
            "You have sent several questions in the last hour, which is as many as we can take from "
            "one reader. Please try again later; your earlier questions have reached our editors."
        )


def followup_question_submit(*, article, question, audience, client_address):
    """A reader asks a follow-up question about a live article; it goes to the editors' queue."""
    text = clean_question(question)
    if audience not in Audience.values:
        audience = Audience.PATIENT.value
    fingerprint = client_fingerprint(client_address)
    _take_rate_slot(fingerprint)
    entry = FollowUpQuestion(
        article=article, question=text, audience=audience, client_fingerprint=fingerprint
    )
    with transaction.atomic():
        entry._history_user = None
        entry._change_reason = "Asked by a reader"
        entry.save()
        # The question itself stays in the intake queue; the event only says one arrived.
        log_action(actor=None, verb="followup.ask", obj=entry, data={"audience": audience})
    return entry


def _free_slug(question):
    base = slugify(question)[:190].strip("-") or "reader-question"
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def followup_question_plan_article(*, question, actor):
    """An editor turns a reader's question into a new article with an empty first draft.

    Returns the draft revision. A question already turned into an article is refused.
    """
    with transaction.atomic():
        entry = (
            FollowUpQuestion.objects.select_for_update(of=("self",))
            .select_related("article")
            .get(pk=question.pk)
        )
        if entry.status == FollowUpQuestion.Status.PLANNED:
            raise ActionConflict("This question has already been turned into an article draft.")
        title = Truncator(" ".join(entry.question.split())).chars(services.MAX_QUESTION_LENGTH)
        draft = services.article_create(
            actor=actor,
            question=title,
            specialty=entry.article.specialty if entry.article else "General",
            slug=_free_slug(title),
            change_summary="First version, from a reader's question",
        )
        entry.status = FollowUpQuestion.Status.PLANNED
        entry.planned_article = draft.article
        entry._history_user = actor
        entry._change_reason = f"Turned into the article draft “{draft.article.slug}”"
        entry.save()
        log_action(
            actor=actor,
            verb="followup.plan",
            obj=entry,
            from_state=FollowUpQuestion.Status.NEW,
            to_state=entry.status,
            data={"planned_article": draft.article.slug},
            article_id=draft.article_id,
        )
    return draft
