"""Near-linear time on hostile input: the board's comparison, the live preview and the reading
grade. Growth is checked by counting the Python lines executed at two sizes (the same on any
machine, loaded or not); page budgets are the least CPU seconds of the request's thread over
three tries (tests.resilience.work)."""

import random

import pytest
from django.urls import reverse

from articles import services
from tests import factories
from workspace import alignment
from workspace.diff import compare_markdown
from workspace.readability import reading_grade

from .work import cpu_seconds, operations

WORDS = ["the", "dose", "of", "ibuprofen", "is", "taken", "with", "food", "and", "water."]


def repeated_words(size, seed=3):
    rng = random.Random(seed)
    words = []
    while sum(len(w) + 1 for w in words[-1:]) and len(" ".join(words)) < size or not words:
        words.extend(rng.choice(WORDS) for _ in range(200))
    return " ".join(words)[:size].rsplit(" ", 1)[0]


def one_word_changed(text):
    words = text.split(" ")
    words[len(words) // 2] = "paracetamol"
    return " ".join(words)


# Four times the input: linear work grows 4x, quadratic 16x. The line counts are exact, so the
# margin only has to sit between the two (the measured growth is 3.8-4.1x).
GROWTH_LIMIT = 8


@pytest.fixture
def long_submission(editor, reviewer, reference, disclaimers):
    body = repeated_words(100_000)
    live = factories.make_live(
        editor=editor, reviewer_user=reviewer, body_patient=body, references=[reference]
    )
    draft = services.revision_create_draft(article=live.article, actor=editor)
    services.revision_update_draft(
        revision=draft,
        actor=editor,
        body_patient=one_word_changed(body),
        body_professional=draft.body_professional,
        change_summary="One word",
    )
    services.revision_submit(revision=draft, actor=editor)
    return draft


@pytest.mark.django_db
def test_the_compare_page_of_a_100k_revision_with_one_word_changed_takes_under_2_seconds(
    client, long_submission, reviewer
):
    assert len(long_submission.body_patient) > 99_000
    client.force_login(reviewer)
    url = reverse("workspace-compare", args=[long_submission.pk])

    seconds, response = cpu_seconds(client.get, url)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="visually-hidden">added: </span>paracetamol</ins>' in page
    assert "Compared in larger pieces" not in page  # a one-word change is shown word by word
    assert seconds < 2, f"{seconds:.2f} s of CPU"


@pytest.mark.parametrize(
    "make_pair",
    [
        lambda text: (text, one_word_changed(text)),
        lambda text: (text, "Paracetamol " + text + " milk."),
        lambda text: (
            "\n\n".join(text[i : i + 60] for i in range(0, len(text), 60)),
            "\n\n".join(
                text[i : i + 60] + (" again" if i % 600 == 0 else "") for i in range(0, len(text), 60)
            ),
        ),
    ],
    ids=["one-word", "both-ends", "many-paragraphs"],
)
def test_the_word_comparison_grows_near_linearly(make_pair):
    compare_markdown(*make_pair(repeated_words(2_000, seed=5)))  # parsers built, modules loaded
    small, _ = operations(compare_markdown, *make_pair(repeated_words(25_000)))
    large, diff = operations(
        compare_markdown, *make_pair(repeated_words(100_000)), limit=small * GROWTH_LIMIT
    )

    assert diff.changed
    assert large < small * GROWTH_LIMIT, f"25k: {small:,} lines, 100k: {large:,} lines"
    seconds, _ = cpu_seconds(compare_markdown, *make_pair(repeated_words(100_000)))
    assert seconds < 2, f"{seconds:.2f} s of CPU"


@pytest.mark.django_db
def test_past_its_budget_the_comparison_says_it_is_coarser(client, long_submission, reviewer, monkeypatch):
    monkeypatch.setattr(alignment, "MAX_COMPARISONS", 100)
    monkeypatch.setattr(
        alignment.align, "__kwdefaults__", {**alignment.align.__kwdefaults__, "max_comparisons": 100}
    )
    old, new = "Rest. Ice the knee. Then walk.", "Rest well. Heat the knee. Then run."

    diff = compare_markdown(old * 40, new * 40)

    assert diff.coarse and diff.changed
    assert "paracetamol" not in diff.html


def _just_under_a_limit(flood):
    """`flood` filled up to 100,000 characters with plain words: rendered, not refused."""
    return flood + " " + repeated_words(100_000 - len(flood) - 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "![" * 999 + "]",
        _just_under_a_limit("![" * 999 + "]"),
        _just_under_a_limit("*a " * 5_000),
        _just_under_a_limit("*a " * 2_500 + "![" * 999 + "]"),
        repeated_words(100_000),
    ],
    ids=["brackets", "brackets-100k", "emphasis-100k", "both-100k", "words-100k"],
)
def test_the_live_preview_of_pathological_markdown_takes_under_a_second(client, editor, text):
    assert len(text) <= 100_000
    client.force_login(editor)
    seconds, response = cpu_seconds(
        client.post, reverse("workspace-preview"), {"text": text, "audience": "patient"}
    )
    assert response.status_code == 200
    assert seconds < 1, f"{seconds:.2f} s of CPU"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, reason",
    [
        ("![" * 50_000 + "]", "opening square brackets"),
        ("[a](" * 20_000, "opening square brackets"),
        ("[" * 50_000 + "]", "opening square brackets"),
        ("*a " * 50_000, "asterisks and underscores"),
        ("_a " * 50_000, "asterisks and underscores"),
        ("**a** " * 1_251, "asterisks and underscores"),
    ],
)
def test_floods_are_refused_at_once_with_a_message(client, editor, text, reason):
    client.force_login(editor)
    seconds, response = cpu_seconds(
        client.post, reverse("workspace-preview"), {"text": text, "audience": "patient"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "patient wording has" in page and reason in page
    assert seconds < 1, f"{seconds:.2f} s of CPU"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "flood, message",
    [
        ("![" * 30_000 + "]", "patient wording has 30,000 opening square brackets"),
        ("*a " * 30_000, "patient wording has 30,000 asterisks and underscores"),
    ],
)
def test_a_draft_with_a_flood_is_refused_and_nothing_is_saved(editor, disclaimers, flood, message):
    from editorial.exceptions import InvalidAction

    revision = factories.make_draft(editor=editor)
    before = revision.body_patient
    with pytest.raises(InvalidAction, match=message):
        services.revision_update_draft(
            revision=revision,
            actor=editor,
            body_patient=flood,
            body_professional=revision.body_professional,
            change_summary="Flood",
        )
    revision.refresh_from_db()
    assert revision.body_patient == before


def test_the_reading_grade_grows_near_linearly():
    sentences = "Take the tablets with food. Drink water. Rest the knee when it hurts. "
    # Each text differs from the others: textstat caches its results by text.
    reading_grade("Warm up. " + sentences * 30)  # hyphenation dictionary loaded
    small, _ = operations(reading_grade, sentences * 350)
    large, grade = operations(reading_grade, sentences * 1400, limit=small * GROWTH_LIMIT)

    assert grade is not None
    assert large < small * GROWTH_LIMIT, f"25k: {small:,} lines, 100k: {large:,} lines"
    seconds, _ = cpu_seconds(reading_grade, sentences * 1400)
    assert seconds < 1, f"{seconds:.2f} s of CPU"
