"""What readers' tools use: the Atom feed (RFC 4287), sitemaps with lastmod, robots.txt, and
the meta description, canonical link, OpenGraph and Twitter card tags of every reader page."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from .conftest import start_update

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def is_absolute_iri(value):
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("tag", "urn")))


def test_the_atom_feed_follows_rfc_4287(client, knee_article, editor, reviewer, settings):
    settings.SITE_URL = "https://answers.example.org"
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text="More.", approve=True)
    response = client.get("/feeds/updates.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)

    assert feed.tag == f"{ATOM}feed"
    # atom:feed: exactly one id, title and updated; an author (here, for every entry).
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert is_absolute_iri(feed.findtext(f"{ATOM}id"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Reviewed Health Answers"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3  # two first publications and one update
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.findtext(f"{ATOM}id").startswith("https://answers.example.org/articles/")
        links = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert len(links) == 1 and is_absolute_iri(links[0].get("href"))
        # atom:summary or atom:content; the entry has no content, so a summary is required.
        assert entry.find(f"{ATOM}summary") is not None or entry.find(f"{ATOM}content") is not None


def test_every_child_sitemap_in_the_index_has_a_lastmod(client, knee_article):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    children = index.findall(f"{SITEMAP}sitemap")
    assert {urlsplit(child.findtext(f"{SITEMAP}loc")).path for child in children} == {
        "/sitemap-articles.xml",
        "/sitemap-board.xml",
        "/sitemap-pages.xml",
    }
    for child in children:
        assert re.match(r"\d{4}-\d\d-\d\d", child.findtext(f"{SITEMAP}lastmod") or ""), child
    for section in ("articles", "board", "pages"):
        urls = ET.fromstring(client.get(f"/sitemap-{section}.xml").content).findall(f"{SITEMAP}url")
        assert urls and all(url.findtext(f"{SITEMAP}lastmod") for url in urls)


def test_robots_txt_never_names_the_admin_path(client, settings):
    settings.ADMIN_URL = "backstage-7f3a/"
    text = client.get("/robots.txt").content.decode()
    assert "backstage" not in text and "admin" not in text.lower()
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize("path", ["article", "/", "/board/", "/editorial-policy/"])
def test_reader_pages_have_a_description_canonical_link_and_sharing_tags(client, knee_article, path):
    url = knee_article.get_absolute_url() if path == "article" else path
    html = client.get(url).content.decode()

    def meta(attribute, name):
        found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
        assert len(found) == 1, name
        return found[0]

    assert len(meta("name", "description")) > 20
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical == ["http://testserver" + url]
    assert meta("property", "og:url") == canonical[0]
    for name in ("og:title", "og:description", "og:type", "og:site_name", "og:image"):
        assert meta("property", name)
    assert meta("name", "twitter:card") == "summary"
    if path == "article":
        assert meta("property", "og:title") == knee_article.question
        assert meta("property", "og:type") == "article"
        assert meta("name", "description").startswith("Long-lasting knee pain")
