"""A bulk update() or delete() on any content model is refused with a clear error; nothing changes."""

import pytest
from django.core import checks
from django.db.models import F

from articles.models import Article
from audit.guards import BulkChangeRefused, history_tracked_models, tracked_field_names
from audit.integrity import problems
from reviews.models import ReviewDecision

pytestmark = pytest.mark.django_db

CONTENT_MODELS = history_tracked_models()


def _state(model):
    history = getattr(model, model._meta.simple_history_manager_attribute)
    return list(model.objects.order_by("pk").values()), history.count()


def test_every_content_model_is_discovered_from_the_registry():
    names = {model.__name__ for model in CONTENT_MODELS}
    assert names >= {
        "Article", "Revision", "Disclaimer", "Reference", "Citation", "ReviewDecision", "ReviewAssignment",
        "BoardMember", "EditorialPolicy", "ChecklistItem", "FollowUpQuestion", "RetractionAlert",
    }  # fmt: skip


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.label)
def test_bulk_update_of_a_tracked_field_is_refused(demo_like, model):
    before = _state(model)
    for name in sorted(tracked_field_names(model) - {model._meta.pk.attname}):
        with pytest.raises(BulkChangeRefused, match="in bulk would leave no history"):
            model.objects.all().update(**{name: F(name)})
    assert _state(model) == before


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.label)
def test_bulk_delete_is_refused(demo_like, model):
    before = _state(model)
    with pytest.raises(BulkChangeRefused, match="Nothing was changed"):
        model.objects.all().delete()
    with pytest.raises(BulkChangeRefused):
        model.objects.filter(pk__in=model.objects.values("pk")).delete()
    assert _state(model) == before


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.label)
def test_bulk_create_is_refused(model):
    with pytest.raises(BulkChangeRefused):
        model.objects.bulk_create([])


def test_the_examples_of_the_issue_are_refused(demo_like):
    article = demo_like["live"].article
    with pytest.raises(BulkChangeRefused):
        Article.objects.update(question="Changed behind the board's back?")
    with pytest.raises(BulkChangeRefused):
        ReviewDecision.objects.update(comment="Rubber-stamped")
    with pytest.raises(BulkChangeRefused):
        ReviewDecision.objects.all().delete()
    article.refresh_from_db()
    assert article.question == demo_like["live"].question
    assert ReviewDecision.objects.filter(revision=demo_like["live"]).exists()
    assert list(problems()) == []


def test_updating_only_fields_history_does_not_keep_is_allowed(demo_like):
    assert "search_document" not in tracked_field_names(Article)
    Article.objects.filter(pk=demo_like["live"].article_id).update(search_document=None)


def test_a_history_model_without_the_guard_fails_the_system_check():
    errors = [e for e in checks.run_checks() if e.id == "audit.E001"]
    assert errors == []
