import copy
import uuid

import pytest

from articles import services
from references.models import Reference
from reviews import decisions as review_decisions
from tests import factories

KNEE_PATIENT = """\
Long-lasting knee pain changes how you walk. [@guide-2025; @hip-2020]

## Exercise comes first

Plan on at least 12 supervised sessions. [@hip-2020]

- **Hip strengthening** takes load off the knee. [@pain-2025]
"""
KNEE_PROFESSIONAL = """\
Antalgic gait shifts load proximally; start supervised exercise therapy. [@pain-2025]

## Exercise prescription

Combined hip and quadriceps strengthening has the largest effect. [@hip-2020; @guide-2025]
"""


@pytest.fixture
def knee_references(db):
    return [
        factories.ReferenceFactory(
            citation_key="guide-2025",
            reference_type=Reference.Type.GUIDELINE,
            title="Management of Hip and Knee Pain",
            source="Praxis Medical Insights",
            year=2025,
        ),
        factories.ReferenceFactory(
            citation_key="hip-2020",
            reference_type=Reference.Type.RESEARCH,
            title="Hip Muscle Strengthening for Knee Osteoarthritis: A Systematic Review.",
            source="Journal of geriatric physical therapy",
            year=2020,
            doi="10.1519/JPT.0000000000000218",
            pmid="30407270",
        ),
        factories.ReferenceFactory(
            citation_key="pain-2025",
            reference_type=Reference.Type.RESEARCH,
            title="Chronic knee pain.",
            source="Pain practice",
            year=2025,
        ),
    ]


def publish(*, editor, reviewer, **kwargs):
    """A new live article (first revision approved), through the services."""
    return factories.make_live(editor=editor, reviewer_user=reviewer, **kwargs).article


@pytest.fixture
def knee_article(editor, reviewer, knee_references, disclaimers):
    """A demo-like live article with a related live question."""
    related = publish(editor=editor, reviewer=reviewer, question="How much exercise do adults need?")
    article = publish(
        editor=editor,
        reviewer=reviewer,
        question="What helps chronic knee pain that causes hip pain?",
        body_patient=KNEE_PATIENT,
        body_professional=KNEE_PROFESSIONAL,
        about="Knee osteoarthritis",
    )
    article.related_articles.add(related)
    return article


def start_update(*, article, editor, reviewer, text, summary="Added a paragraph", approve=False):
    """A new revision of a live article, taken into review (and approved when asked)."""
    draft = services.revision_create_draft(article=article, actor=editor)
    services.revision_update_draft(
        revision=draft,
        actor=editor,
        body_patient=draft.body_patient + "\n\n" + text,
        body_professional=draft.body_professional + "\n\n" + text,
        change_summary=summary,
    )
    services.revision_submit(revision=draft, actor=editor)
    review_decisions.revision_start_review(revision=draft, actor=reviewer)
    if approve:
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(),
            revision=draft,
            actor=reviewer,
            comment="Fine.",
        )
    draft.refresh_from_db()
    return draft


def cold_cache(settings):
    """Start from an empty cache without flushing anything shared: a fresh key namespace."""
    caches = copy.deepcopy(settings.CACHES)
    for config in caches.values():
        config["KEY_PREFIX"] = f"{config.get('KEY_PREFIX', '')}-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
