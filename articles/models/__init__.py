from .article import Article, Audience, Disclaimer, FollowUpQuestion, RevisionFrozen
from .citation import Citation, RetractionAlert
from .figure import Figure, PinnedFigure
from .revision import Revision, RevisionQuerySet, went_live_at, went_live_q
from .schedule import PublicationSchedule

__all__ = [
    "Article",
    "Audience",
    "Citation",
    "Disclaimer",
    "Figure",
    "FollowUpQuestion",
    "PublicationSchedule",
    "PinnedFigure",
    "RetractionAlert",
    "Revision",
    "RevisionFrozen",
    "RevisionQuerySet",
    "went_live_at",
    "went_live_q",
]
