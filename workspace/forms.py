"""Forms of the workspaces. They check the shape of the input; the services
decide whether the action is allowed and possible."""

from django import forms
from django.conf import settings
from django.utils import timezone

from articles.models import Revision
from articles.publication import publish_at_problem
from references.citations import extract_citation_keys
from references.models import Reference
from reviews.models import BoardMember


class ArticleCreateForm(forms.Form):
    question = forms.CharField(
        max_length=300,
        help_text="The question the article answers; readers see it as the title.",
        widget=forms.TextInput(attrs={"size": 80}),
    )
    specialty = forms.CharField(max_length=120, help_text="For example: Orthopaedics.")
    about = forms.CharField(
        max_length=200, required=False, help_text='The condition, e.g. "Knee osteoarthritis".'
    )
    slug = forms.SlugField(
        max_length=200,
        required=False,
        label="Address",
        help_text="Letters, digits and hyphens; made from the question if left empty.",
    )


class DraftForm(forms.Form):
    question = forms.CharField(
        max_length=300,
        help_text="The page title readers will see; a new wording is reviewed with the text.",
        widget=forms.TextInput(attrs={"size": 80}),
    )
    body_patient = forms.CharField(
        label="Patient wording",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "data-preview-audience": "patient"}),
        help_text="Markdown in plain language. Cite references as [@key] or [@a; @b].",
    )
    body_professional = forms.CharField(
        label="Healthcare professional wording",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "data-preview-audience": "professional"}),
        help_text="Markdown for clinicians. Cite references as [@key].",
    )
    change_summary = forms.CharField(
        max_length=300,
        required=False,
        help_text='One line for the change log, e.g. "Added the dose range". Needed to submit.',
        widget=forms.TextInput(attrs={"size": 80}),
    )
    # The draft's edit_version when this form was opened: a save over someone else's is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, check_citations=True, **kwargs):
        super().__init__(*args, **kwargs)
        # Autosave keeps half-typed citations; submitting checks them anyway.
        self.check_citations = check_citations

    def clean(self):
        data = super().clean()
        patient = data.get("body_patient", "")
        professional = data.get("body_professional", "")
        if not patient.strip() and not professional.strip():
            raise forms.ValidationError("The draft is empty. Write at least one of the two wordings.")
        if not self.check_citations:
            return data
        keys = list(dict.fromkeys(extract_citation_keys(patient) + extract_citation_keys(professional)))
        known = set(Reference.objects.filter(citation_key__in=keys).values_list("citation_key", flat=True))
        unknown = [key for key in keys if key not in known]
        if unknown:
            listed = ", ".join(f"[@{key}]" for key in unknown)
            raise forms.ValidationError(
                f"These citations match no entry in the reference library: {listed}. "
                "Pick the key from the reference list on this page, or add the source to the library first."
            )
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("request_changes", "Request changes")])
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required when you request changes: say what needs to change.",
    )
    conflict_of_interest = forms.CharField(
        label="Conflict of interest for this review",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Leave empty if you have none. A declared conflict means you cannot approve this revision.",
    )

    publish_at = forms.DateTimeField(
        label="Publish at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=(
            f"Optional, with an approval: the revision goes live at this time ({settings.TIME_ZONE}), at "
            "most a year ahead, instead of once the quorum is reached."
        ),
    )

    def __init__(self, *args, checklist_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"] = forms.MultipleChoiceField(
            choices=[(item.key, item.label) for item in checklist_items],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Review checklist",
            help_text="Every point must be confirmed before you approve.",
        )

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value is not None and (problem := publish_at_problem(value)):
            raise forms.ValidationError(problem)
        return value

    def clean(self):
        data = super().clean()
        if data.get("publish_at") and data.get("decision") == "request_changes":
            self.add_error(
                "publish_at", "A publication time goes with an approval; leave it empty to request changes."
            )
        return data


class CancelScheduleForm(forms.Form):
    prefix = "cancel"  # the revision page has other forms
    reason = forms.CharField(
        label="Reason for cancelling",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the revision's timeline. A cancelled publication never runs.",
    )


def _future(value):
    if value <= timezone.now():
        raise forms.ValidationError("Choose a date in the future.")
    return value


class _DueField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"])
        kwargs.setdefault("help_text", "When the review is due.")
        super().__init__(validators=[_future], **kwargs)


class AssignForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=BoardMember.objects.none(), widget=forms.CheckboxSelectMultiple, label="Board members"
    )
    due_at = _DueField(label="Due")

    def __init__(self, *args, revision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = BoardMember.objects.active().exclude(user_id=revision.author_id)


class ReassignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=BoardMember.objects.none(), label="Hand the review to")
    due_at = _DueField(label="New due date")

    def __init__(self, *args, revision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = BoardMember.objects.active().exclude(user_id=revision.author_id)


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept in the article's history and sent to the author.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NewDraftForm(forms.Form):
    based_on = forms.ModelChoiceField(queryset=Revision.objects.none(), required=False)

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = article.revisions.exclude(state=Revision.State.DRAFT)


class GuestInviteForm(forms.Form):
    name = forms.CharField(max_length=200, help_text='As the board will see it, e.g. "Dr Ana Ruiz".')
    credentials = forms.CharField(max_length=100, help_text='e.g. "MD, PhD, consultant hepatologist".')
    email = forms.EmailField(label="E-mail address", help_text="The review link is sent here.")
    days = forms.IntegerField(
        label="Link works for (days)",
        min_value=1,
        max_value=60,
        help_text="The link stops working after this many days (at most 60); you can revoke it sooner.",
    )


class GuestRecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label="Your recommendation",
        choices=[("approve", "Approve"), ("request_changes", "Request changes")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Required when you recommend changes: say what needs to change and why.",
    )
    conflict_of_interest = forms.CharField(
        label="Conflict-of-interest declaration",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='Any financial or personal interest in the topic; write "None declared." if there is none.',
    )


class FigureDescribeForm(forms.Form):
    alt = forms.CharField(
        label="Alt text",
        max_length=400,
        help_text="What the image shows, for readers who cannot see it.",
        error_messages={
            "required": "Describe what the image shows, for readers who cannot see it (alt text is required)."
        },
    )
    caption = forms.CharField(max_length=600, required=False, help_text="Shown under the image.")
    credit = forms.CharField(
        max_length=200, required=False, help_text='Who made it, e.g. "Image: Jane Doe, CC BY 4.0".'
    )


class FigureUploadForm(FigureDescribeForm):
    image = forms.FileField(
        label="Image file",
        help_text="JPEG, PNG, WebP or GIF (its first frame). Location and camera data are removed.",
        error_messages={"required": "Choose an image file to upload."},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    key = forms.CharField(
        max_length=60,
        help_text='Letters, digits and hyphens, e.g. "knee-x-ray". Place the figure in a wording by '
        "writing ![@knee-x-ray] on a line of its own.",
        error_messages={"required": 'Give the figure a key, e.g. "knee-x-ray".'},
    )
    field_order = ["image", "key", "alt", "caption", "credit"]
