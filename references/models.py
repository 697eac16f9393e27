from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

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
    retracted_on = models.DateField(null=True, blank=True)
    retraction_notice = models.TextField(blank=True)
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


class Citation(models.Model):
    """One reference cited by one revision, with its data as pinned at approval."""

    revision = models.ForeignKey("articles.Revision", on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="citations")
    pinned_snapshot = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The reference exactly as it was when the revision was approved.",
    )
    pinned_history_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The reference's history row at approval, for audits.",
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "reference"], name="citation_unique_per_revision")
        ]

    def __str__(self):
        return f"{self.revision} cites {self.reference.citation_key}"

    # Invariant 2: what an approved revision cites, and how, is frozen with it.
    # Pinning happens while the revision is still under review in the database.
    def _revision_is_approved(self):
        from articles.models import Revision

        return Revision.objects.filter(pk=self.revision_id, state=Revision.State.APPROVED).exists()

    def save(self, *args, **kwargs):
        if self._revision_is_approved():
            from articles.models import RevisionFrozen

            raise RevisionFrozen("The references of an approved revision are frozen with it.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._revision_is_approved():
            from articles.models import RevisionFrozen

            raise RevisionFrozen("The references of an approved revision are frozen with it.")
        return super().delete(*args, **kwargs)
