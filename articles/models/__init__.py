from .article import Article, Audience, Disclaimer, FollowUpQuestion, RevisionFrozen
from .citation import Citation, RetractionAlert
from .revision import Revision, RevisionQuerySet

__all__ = [
    "Article",
    "Audience",
    "Citation",
    "Disclaimer",
    "FollowUpQuestion",
    "RetractionAlert",
    "Revision",
    "RevisionFrozen",
    "RevisionQuerySet",
]
