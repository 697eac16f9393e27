from .article import Article, Audience, Disclaimer, FollowUpQuestion, RevisionFrozen
from .citation import Citation, RetractionAlert
from .figure import Figure, PinnedFigure
from .revision import Revision, RevisionQuerySet

__all__ = [
    "Article",
    "Audience",
    "Citation",
    "Disclaimer",
    "Figure",
    "FollowUpQuestion",
    "PinnedFigure",
    "RetractionAlert",
    "Revision",
    "RevisionFrozen",
    "RevisionQuerySet",
]
