from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from simple_history.models import HistoricalRecords

from .identifiers import normalise_doi, normalise_pmcid, normalise_pmid, normalise_url

citation_key_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_:.\-]*$",
    "A citation key may contain letters, digits and the characters _ : . - and must start "
    "with a letter or digit.",
)


class Reference(models.Model):
    """One entry of the reference library that articles cite."""

    class Type(models.TextChoices):
        GUIDELINE = "guideline", "Guideline"
        SYSTEMATIC_REVIEW = "systematic_review", "Systematic review / meta-analysis"
        RANDOMISED_TRIAL = "randomised_trial", "Randomised trial"
        OBSERVATIONAL = "observational", "Cohort / observational"
        RESEARCH = "research", "Research"
        REVIEW = "review", "Review"
        EXPERT_OPINION = "expert_opinion", "Expert opinion"
        OTHER = "other", "Other"

    citation_key = models.CharField(
        max_length=100,
        unique=True,
        validators=[citation_key_validator],
        help_text="Editors cite this entry in Markdown as [@key], for example [@bennell2020].",
    )
    reference_type = models.CharField("type", max_length=30, choices=Type.choices, default=Type.RESEARCH)
    title = models.CharField(max_length=500)
    authors = models.TextField(blank=True, help_text="One author per line, family name first, e.g. Smith JA.")
    source = models.CharField(
        "source or journal",
        max_length=300,
        blank=True,
        help_text="The journal, or the body that published a guideline.",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, help_text="e.g. 10.1000/xyz123")
    pmid = models.CharField("PMID", max_length=20, blank=True, help_text="PubMed ID, digits only.")
    pmcid = models.CharField("PMCID", max_length=20, blank=True, help_text="e.g. PMC1234567")
    url = models.URLField("URL", max_length=500, blank=True)
    evidence_level = models.CharField(max_length=50, blank=True)
    is_retracted = models.BooleanField(
        "retracted",
        default=False,
        help_text="A retracted entry blocks approval of every revision that cites it.",
    )
    retracted_on = models.DateField(
        null=True, blank=True, help_text="The date the publisher retracted the source, if known."
    )
    retraction_notice = models.TextField(
        blank=True, help_text="What the retraction notice says, or where it was found."
    )
    correction_notice = models.TextField(
        blank=True,
        help_text="A correction or expression of concern published for this source. It does not "
        "block approval, but reviewers should read it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["doi"], condition=~Q(doi=""), name="reference_unique_doi"),
            models.UniqueConstraint(fields=["pmid"], condition=~Q(pmid=""), name="reference_unique_pmid"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    # Identifiers are stored in one canonical form, so a duplicate is found
    # however it was written.
    IDENTIFIER_NORMALISERS = {
        "doi": normalise_doi,
        "pmid": normalise_pmid,
        "pmcid": normalise_pmcid,
        "url": normalise_url,
    }

    def clean_fields(self, exclude=None):
        # Normalise first, so the field checks (lengths, URL syntax) see the canonical form
        # and a person sees one clear message per field.
        exclude = set(exclude or ())
        errors = {}
        for name, normalise in self.IDENTIFIER_NORMALISERS.items():
            if name in exclude:
                continue
            try:
                setattr(self, name, normalise(getattr(self, name)))
            except ValidationError as exc:
                errors[name] = exc.messages
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        errors = {}
        if self.is_retracted and not self.retraction_notice.strip():
            errors["retraction_notice"] = ["Say why the source is marked retracted."]
        for name, label in (("doi", "DOI"), ("pmid", "PMID")):
            existing = self.duplicate_of(name)
            if existing is not None:
                errors[name] = [
                    format_html(
                        'The entry <a href="{}">{}</a> already has this {}. Cite that entry instead.',
                        existing.get_admin_url(),
                        str(existing),
                        label,
                    )
                ]
        if errors:
            raise ValidationError(errors)

    def duplicate_of(self, field_name):
        """The other entry with the same DOI or PMID as this one, or None."""
        value = getattr(self, field_name)
        if not value:
            return None
        return Reference.objects.filter(**{field_name: value}).exclude(pk=self.pk).first()

    def get_admin_url(self):
        return reverse("admin:references_reference_change", args=[self.pk])

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    def snapshot(self):
        """The bibliographic data as a plain dict, frozen with a revision when it is approved."""
        return {
            "citation_key": self.citation_key,
            "reference_type": self.reference_type,
            "type_label": self.get_reference_type_display(),
            "title": self.title,
            "authors": [line.strip() for line in self.authors.splitlines() if line.strip()],
            "source": self.source,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "url": self.url,
            "evidence_level": self.evidence_level,
        }
