import copy
import uuid

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache namespace, so cached pages and rate-limit counters never
    leak between tests, and nothing is flushed that another process may be using (Redis)."""
    caches = copy.deepcopy(settings.CACHES)
    for config in caches.values():
        config["KEY_PREFIX"] = f"{config.get('KEY_PREFIX', '')}-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path_factory):
    """Each test keeps uploaded figures in its own folder: a test that tampers with a stored
    image must not change what the next one reads under the same content-addressed name."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _broker_breaker_closed():
    """A test that stopped the broker must not make the next one skip queueing its e-mail."""
    from notifications import outbox

    outbox._broker_breaker.record_success()


@pytest.fixture
def editor(db):
    return factories.EditorFactory()


@pytest.fixture
def other_editor(db):
    return factories.EditorFactory()


@pytest.fixture
def board_member(db):
    return factories.BoardMemberFactory()


@pytest.fixture
def reviewer(board_member):
    """The user account of a board member."""
    return board_member.user


@pytest.fixture
def second_reviewer(db):
    return factories.BoardMemberFactory().user


@pytest.fixture
def chief_editor(db):
    return factories.ChiefEditorFactory().user


@pytest.fixture
def disclaimers(db):
    return factories.make_disclaimers()


@pytest.fixture
def reference(db):
    return factories.ReferenceFactory()


@pytest.fixture
def draft(editor, reference, disclaimers):
    return factories.make_draft(editor=editor, references=[reference])


@pytest.fixture
def under_review(editor, reviewer, reference, disclaimers):
    return factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])


@pytest.fixture
def live_revision(editor, reviewer, reference, disclaimers):
    return factories.make_live(editor=editor, reviewer_user=reviewer, references=[reference])


# The board's review checklist, as the migration seeds it.
CHECKLIST = [
    ("doses", "Doses checked against the product labelling"),
    ("red-flags", "Contraindications and red-flag symptoms are covered"),
    ("guidelines", "The text agrees with the cited guidelines and evidence"),
    ("disclaimer", "The disclaimer fits this article"),
]


@pytest.fixture
def checklist(db):
    """The board's checklist (seeded by a migration; recreated where a flush removed it)."""
    from reviews.models import ChecklistItem

    for position, (key, label) in enumerate(CHECKLIST, start=1):
        ChecklistItem.objects.get_or_create(key=key, defaults={"label": label, "position": position})
    return list(ChecklistItem.objects.filter(is_active=True))


@pytest.fixture
def all_checked(checklist):
    return [item.key for item in checklist]
