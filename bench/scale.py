"""Does a reader's page cost more when the library is 100 times larger? It should not.

    python bench/scale.py [--small 1000] [--large 100000] [--samples 60]

Builds a fresh bench database (migrate, load_demo), grows it to --small
generated articles and times the reader pages, grows it to --large and times
them again, then prints each page's median and the ratio large/small. The
article page, the home page and search must stay within 1.5x; the sitemap is
reported too (its index and first section page).

Pages are requested in-process through Django's test client (the whole view,
templates and database, no network), each article page on a different article
so that no per-article cache hides the database's cost.
"""

import argparse
import random

from common import (
    Stopwatch,
    machine_description,
    recreate_database,
    say,
    setup_django,
    summary_ms,
)

LIMIT = 1.5
GATED = ("article page", "home page", "search")
# What readers type: the name of a medicine or test (a few articles each), and, reported
# apart, common words that match a fixed share of any library (so their cost must grow).
NAMED_SEARCHES = ["abcorine", "dexfenate", "lormabide", "prarixone", "soltanol", "virzolate", "quinabide",
                  "cordexol", "fenlorine", "mabpraate", "rixsolide", "tanvirone"]  # fmt: skip
COMMON_SEARCHES = ["knee pain exercise", "blood pressure", "diabetes diet", "migraine sleep", "gout"]


def live_slugs(sample, rng):
    from articles.models import Article

    live = Article.objects.filter(slug__startswith="bench-", live_revision__isnull=False)
    ids = list(live.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(sample, len(ids)))
    return list(Article.objects.filter(pk__in=chosen).values_list("slug", flat=True))


def forget_cached_pages():
    """Empty Django's cache (the bench's own Redis database) and this process's page memory."""
    from django.core.cache import cache

    from reader.page_cache import clear_process_memory

    cache.clear()
    clear_process_memory()


def time_requests(client, paths, *, expect=200, budget=None, cold=False):
    """Time each request; with `budget` seconds, stop early (after 5) once the budget is spent.
    cold=True empties every cache before each request (not timed)."""
    samples = []
    for path in paths:
        if budget is not None and len(samples) >= 5 and sum(samples) > budget:
            break
        if cold:
            forget_cached_pages()
        with Stopwatch() as watch:
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        if response.status_code != expect:
            raise SystemExit(f"{path} answered {response.status_code}, expected {expect}.")
        samples.append(watch.seconds)
    return summary_ms(samples)


def query_count(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries.captured_queries)


def measure(samples, rng, budget):
    """Median milliseconds and query counts for each reader page at the library's current size."""
    from django.test import Client
    from django.urls import reverse

    client = Client(SERVER_NAME="localhost")
    forget_cached_pages()  # nothing from the previous size is reused
    slugs = live_slugs(samples + 10, rng)
    article_paths = [reverse("article-detail", kwargs={"slug": slug}) for slug in slugs]
    search = reverse("search")
    home = reverse("home")
    pages = {
        "article page": article_paths[10:],
        "home page": [home if n % 3 == 0 else f"{home}?page={n % 3 + 1}" for n in range(samples)],
        "search": [f"{search}?q={NAMED_SEARCHES[n % len(NAMED_SEARCHES)]}" for n in range(samples)],
        "search, common words": [
            f"{search}?q={COMMON_SEARCHES[n % len(COMMON_SEARCHES)].replace(' ', '+')}"
            for n in range(max(10, samples // 3))
        ],
        "sitemap index": [reverse("sitemap-index")] * max(10, samples // 3),
        "sitemap, first page": [
            reverse("sitemap-section", kwargs={"section": "articles"}) + "?p=1"
        ] * max(10, samples // 3),
    }  # fmt: skip
    # Warm up: templates, code paths and connections, not the measured rows.
    time_requests(client, article_paths[:10] + [home, pages["search"][0], pages["sitemap index"][0]])
    # The same pages with every cache emptied before each request: what the first reader after
    # a publication pays (reported, not gated: readers mostly meet the cached pages above).
    pages["home page, cold"] = pages["home page"][: max(10, samples // 3)]
    pages["search, cold"] = pages["search"][: max(10, samples // 3)]
    pages["search common, cold"] = pages["search, common words"]
    results = {}
    for name, paths in pages.items():
        results[name] = time_requests(client, paths, budget=budget, cold=name.endswith("cold"))
        forget_cached_pages()
        results[name]["queries"] = query_count(client, paths[-1])
        results[name]["warm queries"] = query_count(client, paths[-1])
        say(
            f"    {name:<20} median {results[name]['median']:7.1f} ms   p90 {results[name]['p90']:7.1f} ms"
            f"   {results[name]['queries']:>2} queries cold, {results[name]['warm queries']} warm"
            f"   ({results[name]['n']} requests)"
        )
    return results


def library_size():
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in (
            "articles_article",
            "articles_revision",
            "articles_historicalrevision",
            "articles_historicalarticle",
            "articles_reviewdecision",
            "articles_historicalreviewdecision",
            "references_citation",
            "references_historicalcitation",
        ):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    history = sum(v for k, v in counts.items() if "historical" in k)
    return counts["articles_article"], counts["articles_revision"], history


def main():
    parser = argparse.ArgumentParser(description="Reader page cost at two library sizes.")
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="reuse the bench database if it exists")
    parser.add_argument(
        "--budget", type=float, default=30, help="seconds per page and size; slow pages get fewer samples"
    )
    args = parser.parse_args()
    rng = random.Random(11)

    say(f"== Scale: reader pages at {args.small:,} and {args.large:,} articles ==")
    say(f"machine: {machine_description()}")
    if not args.keep:
        recreate_database()
    setup_django()
    from generate_library import grow_library, prepare_database

    if not args.keep:
        prepare_database()
    results = {}
    for target in (args.small, args.large):
        with Stopwatch() as watch:
            grow_library(target)
        # The rows were copied in bulk, past the services: tell the reader site, as they would.
        from reader.freshness import reader_content_moved_on

        reader_content_moved_on()
        articles, revisions, history = library_size()
        say(
            f"  library: {articles:,} articles, {revisions:,} revisions, {history:,} history rows"
            f" (generated in {watch.seconds:.0f} s)"
        )
        results[target] = measure(args.samples, rng, args.budget)

    small, large = results[args.small], results[args.large]
    say("")
    say(f"  {'page':<20} {args.small:>9,} arts {args.large:>9,} arts   ratio")
    failures = []
    for name in small:
        ratio = large[name]["median"] / small[name]["median"]
        gated = name in GATED
        verdict = ("ok" if ratio <= LIMIT else f"OVER {LIMIT}x") if gated else "(reported)"
        if gated and ratio > LIMIT:
            failures.append(name)
        say(
            f"  {name:<20} {small[name]['median']:9.1f} ms {large[name]['median']:9.1f} ms"
            f"   {ratio:5.2f}x  {verdict}"
        )
    if failures:
        say(f"  NOT FLAT: {', '.join(failures)} grew by more than {LIMIT}x with the library.")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
