"""Grow the bench database to a large library, fast: PostgreSQL COPY in batches.

    python bench/generate_library.py --articles 100000 [--fresh]

Each generated article has three revisions: two approved ones and a third that
is approved (88%), a draft, submitted, under review, sent back or withdrawn, so
the review queue holds about 3% of the library. Live revisions cite two
references (pinned), every approved revision has its board decision, each
article links three related questions, and every row has the history rows the
services would have written (about 19 history rows per article: 1.9 million for
100,000 articles).

Rows go in with COPY inside one transaction per batch. The column lists come
from the models themselves (a field the generator does not know gets its
default), so a new model field does not break the generator. This bypasses
the services on purpose: it writes what they would have written, a hundred
times faster; the services' own cost is measured by bench/review_cycle.py.
"""

import argparse
import hashlib
import io
import random
from datetime import UTC, datetime, timedelta

from common import Stopwatch, recreate_database, say, setup_django

SPECIALTIES = [
    "Orthopaedics", "Cardiology", "Endocrinology", "Dermatology", "Gastroenterology", "Neurology",
    "Paediatrics", "Psychiatry", "Respiratory medicine", "Rheumatology", "Urology", "Ophthalmology",
    "Obstetrics", "Oncology", "Infectious disease", "Nephrology", "Geriatrics", "Sports medicine",
    "Haematology", "Family medicine",
]  # fmt: skip
CONDITIONS = [
    "knee pain", "hip pain", "back pain", "high blood pressure", "type 2 diabetes", "asthma",
    "eczema", "migraine", "heartburn", "gout", "anaemia", "insomnia", "osteoporosis", "psoriasis",
    "atrial fibrillation", "kidney stones", "glaucoma", "shingles", "tendinitis", "sciatica",
    "constipation", "acne", "anxiety", "depression", "thyroid disease", "cholesterol", "bronchitis",
    "sinusitis", "plantar fasciitis", "carpal tunnel syndrome",
]  # fmt: skip
QUESTIONS = [
    "What is the best first treatment for {c}?",
    "When should {c} be checked by a doctor?",
    "Which exercises help with {c}?",
    "How long does {c} usually last?",
    "Can diet change the course of {c}?",
    "What are the warning signs that {c} is getting worse?",
]
WORDS = (
    "evidence guideline exercise therapy dose weeks months daily walking strength pain relief "
    "physiotherapy medicine tablet injection surgery rest sleep weight diet fluid fibre sugar salt "
    "pressure swelling stiffness fatigue fever infection inflammation joint muscle nerve skin heart "
    "lung kidney liver bone blood vessel screening follow-up referral specialist nurse pharmacist "
    "review risk benefit harm trial cohort study outcome symptom sign red-flag urgent routine"
).split()

# Medicine-like names, each used by a few articles: what readers search for by name.
SYLLABLES = ["ab", "cor", "dex", "fen", "lor", "mab", "nol", "pra", "rix", "sol", "tan", "vir", "zol", "quin"]
TERMS = [f"{a}{b}{c}" for a in SYLLABLES for b in SYLLABLES for c in ("ine", "ate", "ide", "one", "ol")]

BATCH_ARTICLES = 5_000
REFERENCE_POOL = 2_000
RELATED_PER_ARTICLE = 3
EPOCH = datetime(2023, 1, 1, tzinfo=UTC)


def sentence(rng, n):
    words = rng.sample(WORDS, n)
    return " ".join(words).capitalize() + "."


def body(rng, keys, kind, term):
    opening = "In plain words:" if kind == "patient" else "Clinical summary:"
    return (
        f"{opening} {sentence(rng, 9)} Ask about {term}. {sentence(rng, 8)} [@{keys[0]}]\n\n"
        f"{sentence(rng, 10)} {sentence(rng, 7)} [@{keys[0]}; @{keys[1]}]\n\n"
        f"## What to do\n\n- {sentence(rng, 6)}\n- {sentence(rng, 6)}\n"
    )


class Table:
    """A model's table as COPY sees it: its columns in order and the defaults of the rest."""

    def __init__(self, model):
        from psycopg.types.json import Jsonb

        self.model = model
        self.name = model._meta.db_table
        self.fields = model._meta.concrete_fields
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.json = {f.attname for f in self.fields if f.get_internal_type() == "JSONField"}
        # What Django would store for a value left out: "" for text, None where null is allowed.
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self._jsonb = Jsonb
        self.rows = []

    def add(self, **values):
        row = []
        for name in self.attnames:
            value = values[name] if name in values else self.defaults[name]
            if name in self.json and value is not None:
                value = self._jsonb(value)
            row.append(value)
        self.rows.append(row)

    def copy(self, cursor):
        columns = ", ".join(f'"{c}"' for c in self.columns)
        with cursor.copy(f'COPY "{self.name}" ({columns}) FROM STDIN') as copy:
            for row in self.rows:
                copy.write_row(row)
        count = len(self.rows)
        self.rows = []
        return count


class Ids:
    """Explicit primary keys, continuing after what the table holds."""

    def __init__(self, cursor, table, column="id"):
        cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"')
        self.next = cursor.fetchone()[0] + 1

    def take(self):
        value = self.next
        self.next += 1
        return value


def ensure_reference_pool(rng):
    from references.models import Reference

    existing = Reference.objects.filter(citation_key__startswith="bench-ref-").count()
    if existing < REFERENCE_POOL:
        types = [choice for choice, _ in Reference.Type.choices if choice != "other"]
        Reference.objects.bulk_create(
            [
                Reference(
                    citation_key=f"bench-ref-{n:05d}",
                    reference_type=rng.choice(types),
                    title=f"{sentence(rng, 7)[:-1]}: a study ({n})",
                    authors="Author A\nAuthor B",
                    source="Journal of Generated Evidence",
                    year=2000 + n % 25,
                )
                for n in range(existing, REFERENCE_POOL)
            ],
            batch_size=1_000,
        )
    return list(Reference.objects.filter(citation_key__startswith="bench-ref-").order_by("pk"))


def grow_library(target, *, seed=7, vacuum=True, progress=say):
    """Add generated articles until the bench library holds `target` of them. Returns the count.

    `vacuum=False` runs ANALYZE only, which (unlike VACUUM) works inside a transaction.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from articles.models import Article, Audience, Citation, Disclaimer, Revision
    from reviews.models import BoardMember, ReviewDecision

    rng = random.Random(seed)
    existing = Article.objects.filter(slug__startswith="bench-").count()
    if existing >= target:
        progress(f"  the bench library already holds {existing:,} generated articles")
        return existing

    User = get_user_model()
    authors = list(User.objects.filter(username__in=["editor", "editor2"]).values_list("pk", flat=True))
    members = list(BoardMember.objects.values_list("pk", "user_id"))
    if not authors or not members:
        raise SystemExit("Run load_demo on the bench database first (it provides users and the board).")
    disclaimer_patient = Disclaimer.active_for(Audience.PATIENT).pk
    disclaimer_professional = Disclaimer.active_for(Audience.PROFESSIONAL).pk
    references = ensure_reference_pool(rng)
    snapshots = {ref.pk: ref.snapshot() for ref in references}

    # Looked up once: simple-history builds a new manager on every `Model.history` access.
    models = {
        "article": Article,
        "revision": Revision,
        "decision": ReviewDecision,
        "citation": Citation,
        "related": Article.related_articles.through,
        "h_article": Article.history.model,
        "h_revision": Revision.history.model,
        "h_decision": ReviewDecision.history.model,
        "h_citation": Citation.history.model,
    }
    tables = {name: Table(model) for name, model in models.items()}
    with connection.cursor() as cursor:
        ids = {
            name: Ids(cursor, table.name, "history_id" if name.startswith("h_") else "id")
            for name, table in tables.items()
        }
        cursor.execute("SELECT MIN(id) FROM articles_article WHERE slug LIKE %s", ["bench-%"])
        first_bench = {"id": cursor.fetchone()[0]}

    written = 0
    index = existing
    while index < target:
        batch_end = min(target, index + BATCH_ARTICLES)
        with Stopwatch() as watch:
            for i in range(index, batch_end):
                _article_rows(
                    i, rng, tables, ids, authors, members, references, snapshots,
                    disclaimer_patient, disclaimer_professional, first_bench,
                )  # fmt: skip
            with transaction.atomic(), connection.cursor() as cursor:
                rows = sum(table.copy(cursor.cursor) for table in tables.values())
        written += rows
        index = batch_end
        progress(f"  {index:>7,} articles  (+{rows:,} rows in {watch.seconds:.1f} s)")

    with connection.cursor() as cursor:
        for name, table in tables.items():
            column = "history_id" if name.startswith("h_") else "id"
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column}'), "
                f'(SELECT MAX("{column}") FROM "{table.name}"))'
            )
    progress("  writing the full-text search documents, as publishing does")
    from articles.search import article_search_document_sql

    with connection.cursor() as cursor:
        cursor.execute(article_search_document_sql())
    progress(f"  wrote {written:,} rows; VACUUM ANALYZE (so autovacuum does not run during measurements)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    return index


def _article_rows(
    i, rng, tables, ids, authors, members, references, snapshots,
    disclaimer_patient, disclaimer_professional, first_bench,
):  # fmt: skip
    article_t, revision_t, decision_t = tables["article"], tables["revision"], tables["decision"]
    citation_t, related_t = tables["citation"], tables["related"]
    h_article, h_revision = tables["h_article"], tables["h_revision"]
    h_decision, h_citation = tables["h_decision"], tables["h_citation"]

    condition = CONDITIONS[i % len(CONDITIONS)]
    question = QUESTIONS[(i // len(CONDITIONS)) % len(QUESTIONS)].format(c=condition)
    question = f"{question[:-1]} (case {i})?"
    slug = f"bench-{i:06d}-" + condition.replace(" ", "-")
    author = authors[i % len(authors)]
    term = TERMS[(i * 7919) % len(TERMS)]
    created = EPOCH + timedelta(minutes=7 * i)
    article_id = ids["article"].take()

    roll = i % 100
    third_state = (
        "submitted" if roll < 2 else
        "under_review" if roll < 3 else
        "draft" if roll < 8 else
        "changes_requested" if roll < 10 else
        "withdrawn" if roll < 12 else
        "approved"
    )  # fmt: skip
    states = ["approved", "approved", third_state]
    revisions = []
    previous = None
    for number, state in enumerate(states, start=1):
        start = created + timedelta(days=120 * (number - 1))
        keys = rng.sample(references, 2)
        key_names = [ref.citation_key for ref in keys]
        rev = {
            "id": ids["revision"].take(),
            "article_id": article_id,
            "number": number,
            "based_on_id": previous,
            "body_patient": body(rng, key_names, "patient", term),
            "body_professional": body(rng, key_names, "professional", term),
            "change_summary": "First version" if number == 1 else f"Update {number - 1}",
            "author_id": author,
            "state": state,
            "created_at": start,
            "updated_at": start,
        }
        steps = [("+", "Draft created", start)]
        if state not in ("draft", "withdrawn"):
            rev["submitted_at"] = start + timedelta(days=1)
            steps.append(("~", "submit: draft → submitted", rev["submitted_at"]))
        if state in ("under_review", "approved", "changes_requested"):
            rev["review_started_at"] = start + timedelta(days=2)
            steps.append(("~", "start_review: submitted → under_review", rev["review_started_at"]))
        if state in ("approved", "changes_requested"):
            rev["decided_at"] = start + timedelta(days=3)
        if state == "approved":
            rev.update(
                approved_at=rev["decided_at"],
                disclaimer_patient_id=disclaimer_patient,
                disclaimer_professional_id=disclaimer_professional,
                content_sha256=hashlib.sha256(f"{article_id}-{number}".encode()).hexdigest(),
            )
            steps.append(("~", "approve: under_review → approved", rev["approved_at"]))
        elif state == "changes_requested":
            steps.append(("~", "request_changes: under_review → changes_requested", rev["decided_at"]))
        elif state == "withdrawn":
            steps.append(("~", "withdraw: draft → withdrawn", start + timedelta(days=1)))
        revision_t.add(**rev)
        for history_type, reason, when in steps:
            h_revision.add(
                **rev,
                history_id=ids["h_revision"].take(),
                history_date=when,
                history_change_reason=reason,
                history_type=history_type,
                history_user_id=author,
            )
        if state in ("approved", "changes_requested"):
            member_id, member_user = members[(i + number) % len(members)]
            decision = {
                "id": ids["decision"].take(),
                "revision_id": rev["id"],
                "reviewer_id": member_id,
                "decision": "approve" if state == "approved" else "request_changes",
                "comment": "Checked against the cited sources.",
                "created_at": rev["decided_at"],
            }
            decision_t.add(**decision)
            h_decision.add(
                **decision,
                history_id=ids["h_decision"].take(),
                history_date=decision["created_at"],
                history_change_reason="Approved" if state == "approved" else "Requested changes",
                history_type="+",
                history_user_id=member_user,
            )
        revisions.append((rev, keys))
        previous = rev["id"]

    live, live_keys = revisions[2] if third_state == "approved" else revisions[1]
    for ref in live_keys:
        citation = {
            "id": ids["citation"].take(),
            "revision_id": live["id"],
            "reference_id": ref.pk,
            "pinned_snapshot": snapshots[ref.pk],
        }
        citation_t.add(**citation)
        h_citation.add(
            **citation,
            history_id=ids["h_citation"].take(),
            history_date=live["approved_at"],
            history_change_reason="Pinned at approval",
            history_type="~",
            history_user_id=author,
        )

    article = {
        "id": article_id,
        "slug": slug,
        "question": question,
        "specialty": SPECIALTIES[i % len(SPECIALTIES)],
        "about": condition.capitalize(),
        "live_revision_id": live["id"],
        "created_by_id": author,
        "created_at": created,
    }
    article_t.add(**article)
    for history_type, reason, when, live_id in (
        ("+", "Article created", created, None),
        ("~", f"Revision {live['number']} published", live["approved_at"], live["id"]),
    ):
        h_article.add(
            **{**article, "live_revision_id": live_id},
            history_id=ids["h_article"].take(),
            history_date=when,
            history_change_reason=reason,
            history_type=history_type,
            history_user_id=author,
        )
    # Related questions point at earlier generated articles (already written or in this batch).
    if first_bench["id"] is None:
        first_bench["id"] = article_id
    candidates = range(first_bench["id"], article_id)
    for target in rng.sample(candidates, min(RELATED_PER_ARTICLE, len(candidates))):
        related_t.add(id=ids["related"].take(), from_article_id=article_id, to_article_id=target)


def main():
    parser = argparse.ArgumentParser(description="Grow the bench library (PostgreSQL).")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database first")
    args = parser.parse_args()
    if args.fresh:
        recreate_database()
    setup_django()
    if args.fresh:
        prepare_database()
    with Stopwatch() as watch:
        grow_library(args.articles)
    say(f"done in {watch.seconds:.0f} s")


def prepare_database():
    """Migrate the (new) bench database and load the demo users, board and references."""
    from django.core.management import call_command

    say("migrating the bench database and loading the demo content")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


if __name__ == "__main__":
    main()
