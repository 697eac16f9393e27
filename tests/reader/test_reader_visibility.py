"""Readers see only approved text: a revision under review, a changes-requested revision and a
never-approved article are invisible in the page, search, sitemap, feed, related links and JSON-LD."""

import pytest

from articles import services
from reviews import decisions as review_decisions
from tests import factories

from .conftest import cold_cache, publish, start_update

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquux unreviewed sentence."


def reader_surfaces(client, article_url=None):
    """Everything a reader or a robot can fetch, concatenated (of search pages, the results)."""
    urls = ["/", "/sitemap-articles.xml", "/feeds/updates.atom"]
    if article_url:
        urls += [article_url, article_url + "?audience=professional"]
    pages = [client.get(url).content.decode() for url in urls]
    for query in ("Zanzibarquux", "unreviewed", "cure"):
        pages.append(search_results(client, query))
    return "\n".join(pages)


def search_results(client, query):
    html = client.get(f"/search/?q={query}").content.decode()
    if "No reviewed article matches" in html:
        return ""
    return html.split('<ul class="article-list results">')[1].split("</ul>")[0]


@pytest.fixture
def hidden_article(editor, reviewer, disclaimers, reference):
    """Submitted and taken into review, never approved."""
    return factories.make_under_review(
        editor=editor, reviewer_user=reviewer, references=[reference], question="Is Zanzibarquux a cure?"
    ).article


def test_a_never_approved_article_does_not_exist_for_readers(client, knee_article, hidden_article):
    knee_article.related_articles.add(hidden_article)
    assert client.get(hidden_article.get_absolute_url()).status_code == 404
    everything = reader_surfaces(client, knee_article.get_absolute_url())
    assert "Zanzibarquux" not in everything
    assert hidden_article.slug not in everything


def test_a_revision_under_review_never_leaks_into_any_reader_surface(client, knee_article, editor, reviewer):
    url = knee_article.get_absolute_url()
    client.get(url)  # the approved page is cached before the update starts
    start_update(
        article=knee_article, editor=editor, reviewer=reviewer, text=SECRET, summary="Secret summary"
    )
    everything = reader_surfaces(client, url)
    assert "Zanzibarquux" not in everything
    assert "Secret summary" not in everything
    assert "Long-lasting knee pain" in everything


def test_a_changes_requested_revision_never_leaks(client, knee_article, editor, reviewer):
    revision = start_update(article=knee_article, editor=editor, reviewer=reviewer, text=SECRET)
    review_decisions.revision_request_changes(revision=revision, actor=reviewer, comment="Not yet.")
    everything = reader_surfaces(client, knee_article.get_absolute_url())
    assert "Zanzibarquux" not in everything
    assert "Not yet." not in everything


def test_an_approved_update_replaces_the_cached_page_at_once(client, knee_article, editor, reviewer):
    url = knee_article.get_absolute_url()
    assert "Zanzibarquux" not in client.get(url).content.decode()
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text=SECRET, approve=True)
    html = client.get(url).content.decode()
    assert "Zanzibarquux" in html
    assert "Added a paragraph" in html  # the change log gained the update
    assert knee_article.question in search_results(client, "Zanzibarquux")


def test_unpublishing_makes_the_page_404_at_once_even_with_a_warm_cache(client, knee_article, chief_editor):
    url = knee_article.get_absolute_url()
    assert client.get(url).status_code == 200
    services.article_unpublish(article=knee_article, actor=chief_editor, reason="Guidance withdrawn.")
    assert client.get(url).status_code == 404
    everything = reader_surfaces(client)
    assert knee_article.question not in everything


def test_an_unpublished_related_article_disappears_from_related_questions(
    client, knee_article, chief_editor, django_capture_on_commit_callbacks
):
    related = knee_article.related_articles.get()
    url = knee_article.get_absolute_url()
    assert related.question in client.get(url).content.decode()
    # Cached pages are invalidated once the unpublication has committed.
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=related, actor=chief_editor, reason="Outdated.")
    assert related.question not in client.get(url).content.decode()


def test_json_ld_names_only_the_members_who_approved_the_live_revision(
    client, knee_article, editor, reviewer, second_reviewer
):
    revision = start_update(article=knee_article, editor=editor, reviewer=second_reviewer, text=SECRET)
    review_decisions.revision_request_changes(revision=revision, actor=second_reviewer, comment="No.")
    html = client.get(knee_article.get_absolute_url()).content.decode()
    ld = html.split('application/ld+json">')[1].split("</script>")[0]
    assert second_reviewer.board_member.display_name not in ld
    assert reviewer.board_member.display_name in ld
    assert "Zanzibarquux" not in ld


def test_the_page_uses_the_references_as_pinned_at_approval(client, knee_article, knee_references, settings):
    reference = knee_references[0]
    reference.title = "A retitled guideline that the board never saw"
    reference._change_reason = "Retitled"
    reference.save()
    cold_cache(settings)
    html = client.get(knee_article.get_absolute_url()).content.decode()
    assert "never saw" not in html
    assert "Management of Hip and Knee Pain" in html


def test_search_finds_approved_text_only(client, editor, reviewer, disclaimers, reference, hidden_article):
    live = publish(
        editor=editor,
        reviewer=reviewer,
        question="Does walking help back pain?",
        body_patient=f"Walking every day eases back pain. [@{reference.citation_key}]",
    )
    assert live.question in search_results(client, "walking")
    assert search_results(client, "Zanzibarquux") == ""


def test_a_board_members_new_credentials_reach_cached_pages_at_once(
    client, knee_article, reviewer, admin_user, django_capture_on_commit_callbacks
):
    member = reviewer.board_member
    assert member.credentials in client.get(knee_article.get_absolute_url()).content.decode()
    client.force_login(admin_user)
    url = f"/admin/reviews/boardmember/{member.pk}/change/"
    data = {
        "user": member.user_id,
        "slug": member.slug,
        "display_name": member.display_name,
        "credentials": "MD, PhD, FRCP",
        "specialty": member.specialty,
        "bio": member.bio,
        "conflict_of_interest": member.conflict_of_interest,
        "is_active": "on",
        "joined_on": member.joined_on.isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    client.logout()
    assert "MD, PhD, FRCP" in client.get(knee_article.get_absolute_url()).content.decode()
