from django import forms
from django.utils import timezone
from django.utils.html import format_html

from .duplicates import CrossChecker, find_same_paper
from .importers import ALLOWED_EXTENSIONS, MAX_UPLOAD_BYTES
from .models import Reference
from .services import EDITABLE_FIELDS

MAX_IDENTIFIERS = 50


class ReferenceForm(forms.ModelForm):
    """The admin's entry form. Identifiers are normalised and duplicates refused by the model's clean()."""

    class Meta:
        model = Reference
        fields = EDITABLE_FIELDS
        widgets = {"authors": forms.Textarea(attrs={"rows": 4}), "url": forms.TextInput(attrs={"size": 60})}

    # A model URLField would refuse ftp:// only after accepting it as valid syntax; the
    # model's clean() gives the one clear rule: http(s) only.
    url = forms.CharField(label="URL", max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the field errors come first; a duplicate is looked for in valid data
        data = {name: cleaned.get(name) for name in ("title", "year", "authors")}
        for name, normalise in Reference.IDENTIFIER_NORMALISERS.items():
            try:
                data[name] = normalise(cleaned.get(name))
            except forms.ValidationError:
                return cleaned  # the model's own check names the malformed identifier
        queryset = Reference.objects.exclude(pk=self.instance.pk) if self.instance.pk else Reference.objects
        match = find_same_paper(data, queryset=queryset.all(), checker=CrossChecker(limit=1))
        # The same DOI or PMID is reported by the model, on the field itself.
        if match is not None and match.kind != "identifier":
            raise forms.ValidationError(
                format_html(
                    '{} Cite <a href="{}">{}</a> instead.',
                    match.sentence,
                    match.reference.get_admin_url(),
                    str(match.reference),
                )
            )
        return cleaned

    def clean_citation_key(self):
        key = self.cleaned_data["citation_key"]
        instance = self.instance
        if instance.pk and key != instance.citation_key and instance.citations.exists():
            raise forms.ValidationError(
                f"The key [@{instance.citation_key}] is cited by articles, so it cannot change: their text "
                "would point at nothing."
            )
        return key


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        help_text='A BibTeX (.bib), RIS (.ris) or PubMed (.nbib, or .txt from PubMed\'s "Citation manager") '
        "file, UTF-8, at most 1 MB.",
    )
    identifiers = forms.CharField(
        required=False,
        label="Or DOIs and PMIDs",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="One per line; their metadata is looked up at Crossref and PubMed.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        name = upload.name.lower()
        if not any(name.endswith(ext) for ext in ALLOWED_EXTENSIONS):
            raise forms.ValidationError("Upload a .bib, .ris, .nbib or .txt file.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; at most 1 MB can be imported at once."
            )
        return upload

    def clean_identifiers(self):
        lines = [line.strip() for line in self.cleaned_data["identifiers"].splitlines() if line.strip()]
        if len(lines) > MAX_IDENTIFIERS:
            raise forms.ValidationError(f"At most {MAX_IDENTIFIERS} identifiers at once.")
        return lines

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("identifiers"):
            raise forms.ValidationError("Choose a file, or type DOIs or PMIDs, to import.")
        return cleaned


class MarkRetractedForm(forms.Form):
    notice = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=5000,
        help_text="Where the retraction was published, e.g. the notice's DOI, and why.",
    )
    retracted_on = forms.DateField(
        required=False, help_text="The date of the retraction notice, YYYY-MM-DD, if known."
    )

    def clean_retracted_on(self):
        value = self.cleaned_data.get("retracted_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The retraction date is in the future.")
        return value


class ClearRetractionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), max_length=2000)


class RetractionWatchForm(forms.Form):
    file = forms.FileField(help_text="The Retraction Watch database as CSV (UTF-8).")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Upload the .csv export of the Retraction Watch database.")
        if upload.size > 200 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 200 MB; this is not the expected export.")
        return upload


class ResolveAlertForm(forms.Form):
    resolution = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=5000,
        help_text='What the board decided, e.g. "Revision 4 replaces the source" or "Unpublished".',
    )
