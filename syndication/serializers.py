"""The shapes of the API's answers and query parameters; the OpenAPI schema is built from these."""

from django.core.validators import RegexValidator
from rest_framework import serializers

# No NUL character: PostgreSQL cannot compare with one, and no specialty or cursor has one.
NO_NUL = RegexValidator(r"^[^\x00]*$", message="Null characters are not allowed.")


class _Out(serializers.Serializer):
    """Output only: built from plain dicts the content module prepared."""


# ----------------------------------------------------------------------
# Query parameters
# ----------------------------------------------------------------------
class ArticleListQuery(serializers.Serializer):
    specialty = serializers.CharField(
        required=False,
        max_length=120,
        validators=[NO_NUL],
        help_text="Only articles of this specialty (case does not matter).",
    )
    modified_since = serializers.DateTimeField(
        required=False, help_text="Only articles reviewed at or after this moment (ISO 8601)."
    )
    cursor = serializers.CharField(
        required=False,
        max_length=500,
        validators=[NO_NUL],
        help_text="The `next` cursor of the previous page.",
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class ChangeListQuery(serializers.Serializer):
    since = serializers.CharField(
        required=False,
        max_length=500,
        validators=[NO_NUL],
        help_text="The `next_since` cursor of your last call; leave out to read the feed from its start.",
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=500, default=100)


# ----------------------------------------------------------------------
# Answers
# ----------------------------------------------------------------------
class ArticleSummarySerializer(_Out):
    slug = serializers.CharField()
    question = serializers.CharField()
    specialty = serializers.CharField()
    revision = serializers.IntegerField(help_text="The number of the live (approved) revision.")
    last_reviewed = serializers.DateTimeField(help_text="When the board approved the live revision.")
    next_review_due = serializers.DateTimeField()
    url = serializers.URLField(help_text="This article in the API.")
    page_url = serializers.URLField(help_text="The article on our site.")


class ArticlePageSerializer(_Out):
    next = serializers.CharField(allow_null=True, help_text="Cursor of the next page; null on the last.")
    results = ArticleSummarySerializer(many=True)


class ReviewerSerializer(_Out):
    name = serializers.CharField()
    credentials = serializers.CharField(help_text='E.g. "MD, FACP".')
    specialty = serializers.CharField()
    profile_url = serializers.URLField()


class ReferenceSerializer(_Out):
    number = serializers.IntegerField(
        help_text="As cited in this wording's text, in order of first citation."
    )
    citation_key = serializers.CharField()
    type = serializers.CharField(help_text="guideline, research, ...")
    type_label = serializers.CharField()
    title = serializers.CharField()
    vancouver = serializers.CharField(help_text="The reference in Vancouver style, as pinned at approval.")
    doi = serializers.CharField(allow_blank=True)
    pmid = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)


class DisclaimerSerializer(_Out):
    version = serializers.IntegerField()
    text = serializers.CharField()


class WordingSerializer(_Out):
    markdown = serializers.CharField(allow_blank=True, help_text="As approved; citations are written [@key].")
    html = serializers.CharField(allow_blank=True, help_text="Rendered and sanitised, as on our pages.")
    references = ReferenceSerializer(many=True)
    disclaimer = DisclaimerSerializer(allow_null=True, help_text="Pinned to the revision at approval.")


class WordingsSerializer(_Out):
    patient = WordingSerializer()
    professional = WordingSerializer()


class RelatedSerializer(_Out):
    slug = serializers.CharField()
    question = serializers.CharField()
    url = serializers.URLField()
    page_url = serializers.URLField()


class FingerprintSerializer(_Out):
    algorithm = serializers.CharField()
    version = serializers.IntegerField(
        allow_null=True, help_text="Version of the canonical document the fingerprint hashes."
    )
    value = serializers.CharField(allow_blank=True)


class ArticleDetailSerializer(_Out):
    slug = serializers.CharField()
    question = serializers.CharField()
    specialty = serializers.CharField()
    about = serializers.CharField(allow_blank=True)
    revision = serializers.IntegerField(help_text="The number of the live (approved) revision.")
    last_reviewed = serializers.DateTimeField()
    next_review_due = serializers.DateTimeField()
    first_published = serializers.DateTimeField()
    reviewed_by = ReviewerSerializer(many=True, help_text="The board members who approved the live revision.")
    wordings = WordingsSerializer()
    related_questions = RelatedSerializer(many=True)
    approval_fingerprint = FingerprintSerializer()
    verify_url = serializers.URLField(help_text="Where anyone can check the fingerprint.")
    page_url = serializers.URLField()


class ChangeSerializer(_Out):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=["published", "updated", "unpublished"])
    slug = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    revision = serializers.IntegerField(
        allow_null=True, help_text="The revision now live; null when unpublished."
    )
    url = serializers.URLField(allow_null=True, help_text="The article in the API; null for a tombstone.")


class ChangePageSerializer(_Out):
    results = ChangeSerializer(many=True)
    next_since = serializers.CharField(help_text="Pass as `since` next time.")
    has_more = serializers.BooleanField()
