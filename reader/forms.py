from django import forms

from articles import intake
from articles.models import Audience
from editorial.exceptions import InvalidAction


class FollowUpQuestionForm(forms.Form):
    """A reader's follow-up question. The service checks it again; this gives field errors."""

    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": intake.QUESTION_MAX_LENGTH}),
        max_length=intake.QUESTION_MAX_LENGTH * 2,  # the exact limit is checked after cleaning
        strip=True,
        error_messages={"required": "Please write your question before sending it."},
    )
    audience = forms.ChoiceField(choices=Audience.choices, widget=forms.HiddenInput, required=False)

    def clean_question(self):
        try:
            return intake.clean_question(self.cleaned_data["question"])
        except InvalidAction as exc:
            raise forms.ValidationError(str(exc)) from exc


class SearchForm(forms.Form):
    q = forms.CharField(label="Search reviewed articles", max_length=200, required=False, strip=True)

    def query(self):
        """The search words, with control characters removed; '' when there is nothing to search."""
        if not self.is_valid():
            return ""
        return intake.CONTROL_CHARACTERS.sub(" ", self.cleaned_data["q"]).strip()
