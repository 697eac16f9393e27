"""Load demo users, references and articles. Safe to run again: what exists is kept."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import services
from articles.models import Article, Audience, Disclaimer
from demo import content as demo_content
from demo import workflow as demo_workflow
from references.models import Reference
from reviews.models import BoardMember, EditorialPolicy
from syndication.models import ApiKey, Partner
from syndication.services import api_key_create


class Command(BaseCommand):
    help = "Load demo users, references and articles (idempotent), then print the demo logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self._users()
            self._disclaimers(users["chief"])
            self._policy(users["chief"])
            self._references(users["editor"])
        # Each article goes through the real services, one transaction per action.
        for spec in demo_content.ARTICLES:
            self._article(spec, users)
        self._related()
        demo_key = self._demo_partner()
        self._print_summary()
        self.stdout.write(f"  Demo partner API key (Demo partner): {demo_key}")
        self.stdout.write(
            f"    curl -H 'Authorization: Bearer {demo_key}' {settings.SITE_URL}/api/v1/articles/"
        )
        # Like the key: one guest specialist's link, to try the guest's page (its e-mail is in the outbox).
        guest = demo_workflow.guest_link_to_try(demo_content.ARTICLES)
        if guest:
            self.stdout.write(f"  Guest specialist's review link ({guest[0]}): {guest[1]}")

    def _users(self):
        User = get_user_model()
        users = {}
        for spec in demo_content.USERS:
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "first_name": spec["first_name"],
                    "last_name": spec["last_name"],
                    "email": f"{spec['username']}@example.org",
                    "is_staff": spec.get("staff", False) or bool(spec["groups"]),
                    "is_superuser": spec.get("superuser", False),
                },
            )
            if created:
                user.set_password(demo_content.DEMO_PASSWORD)
                user.save()
                user.groups.set(Group.objects.filter(name__in=spec["groups"]))
            board = spec.get("board")
            if board and not BoardMember.objects.filter(user=user).exists():
                member = BoardMember(user=user, **board)
                member._change_reason = "Demo board member"
                member.save()
            users[spec["username"]] = user
        return users

    def _disclaimers(self, chief):
        for audience in Audience:
            if Disclaimer.active_for(audience) is None:
                disclaimer = Disclaimer(
                    audience=audience, text=demo_content.DISCLAIMERS[audience.value], created_by=chief
                )
                disclaimer._history_user = chief
                disclaimer._change_reason = "Demo disclaimer"
                disclaimer.save()

    def _policy(self, chief):
        if EditorialPolicy.current() is None:
            policy = EditorialPolicy(body=demo_content.EDITORIAL_POLICY, updated_by=chief)
            policy._history_user = chief
            policy._change_reason = "Demo policy"
            policy.save()

    def _references(self, editor):
        for spec in demo_content.REFERENCES:
            if not Reference.objects.filter(citation_key=spec["citation_key"]).exists():
                reference = Reference(**spec)
                reference._history_user = editor
                reference._change_reason = "Demo reference"
                reference.save()

    def _article(self, spec, users):
        if Article.objects.filter(slug=spec["slug"]).exists():
            return
        author = users[spec["author"]]
        revision = services.article_create(
            actor=author,
            slug=spec["slug"],
            question=spec["question"],
            specialty=spec["specialty"],
            about=spec["about"],
            body_patient=spec["body_patient"],
            body_professional=spec["body_professional"],
            change_summary=spec["change_summary"],
        )
        demo_workflow.upload_figures(revision=revision, actor=author, keys=spec.get("figures", []))
        services.revision_submit(revision=revision, actor=author)
        if spec["outcome"] == "submitted":
            demo_workflow.invite_guests(revision=revision, chief=users["chief"], specs=spec.get("guests", []))
            return
        demo_workflow.approve(
            revision=revision,
            reviewers=[users[name] for name in spec["reviewers"]],
            comment="Checked against the cited sources.",
        )
        if spec.get("update"):
            revision.refresh_from_db()
            demo_workflow.update(article=revision.article, spec=spec["update"], users=users)

    def _related(self):
        by_slug = {a.slug: a for a in Article.objects.all()}
        for spec in demo_content.ARTICLES:
            article = by_slug.get(spec["slug"])
            if article and not article.related_articles.exists():
                article.related_articles.set([by_slug[s] for s in spec["related"] if s in by_slug])

    # --- the partner API (syndication) ---------------------------------------------------
    def _demo_partner(self):
        """A demo partner with a fixed, printed key (like the demo passwords): local use only."""
        partner, _ = Partner.objects.get_or_create(
            name="Demo partner",
            defaults={"contact_email": "partner@example.org", "allowed_origins": "http://localhost:3000"},
        )
        raw_key = demo_content.DEMO_API_KEY
        if not ApiKey.objects.filter(prefix=raw_key.split("_", 2)[1]).exists():
            api_key_create(partner=partner, label="Demo key", raw_key=raw_key)
        return raw_key

    # ------------------------------------------------------------------------------------
    def _print_summary(self):
        site = settings.SITE_URL
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        self.stdout.write(f"  Site:  {site}/")
        self.stdout.write(f"  Admin: {site}/{settings.ADMIN_URL}")
        self.stdout.write(f"  Demo logins (password for all: {demo_content.DEMO_PASSWORD}):")
        for spec in demo_content.USERS:
            role = ", ".join(spec["groups"]) or "Site admin (superuser)"
            self.stdout.write(f"    {spec['username']:<10} {role}")
        self.stdout.write("  The demo's e-mails are in the admin's outbox; new ones print here.")
