"""factory_boy factories. Workflow states are reached through the services, never set by hand."""

import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles import services
from articles.models import Audience, Disclaimer
from references.models import Reference
from reviews import decisions as review_decisions
from reviews import guests as review_guests
from reviews.models import BoardMember, ChecklistItem
from roles import groups as roles


def _add_groups(user, names, default=()):
    for name in names if names is not None else default:
        user.groups.add(Group.objects.get(name=name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    groups = factory.PostGeneration(lambda user, create, names, **kw: _add_groups(user, names))


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")
    groups = factory.PostGeneration(
        lambda user, create, names, **kw: _add_groups(user, names, default=[roles.EDITORS])
    )


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    user = factory.SubFactory(
        UserFactory, username=factory.Sequence(lambda n: f"reviewer{n}"), groups=[roles.BOARD]
    )
    slug = factory.LazyAttribute(lambda m: m.user.username)
    display_name = factory.LazyAttribute(lambda m: f"Dr. {m.user.first_name} {m.user.last_name}")
    credentials = "MD, FACP"
    specialty = "Internal medicine"
    conflict_of_interest = "None declared."


class ChiefEditorFactory(BoardMemberFactory):
    user = factory.SubFactory(
        UserFactory,
        username=factory.Sequence(lambda n: f"chief{n}"),
        groups=[roles.BOARD, roles.CHIEF_EDITORS],
    )
    credentials = "MD, PhD"


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    citation_key = factory.Sequence(lambda n: f"ref{n}")
    reference_type = Reference.Type.RESEARCH
    title = factory.Sequence(lambda n: f"A study of knee pain, part {n}")
    authors = "Smith JA\nJones B"
    source = "Journal of Examples"
    year = 2020


class DisclaimerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclaimer

    audience = Audience.PATIENT
    text = factory.LazyAttribute(lambda d: f"{d.audience} disclaimer: this is general information.")


def make_disclaimers():
    return (
        DisclaimerFactory(audience=Audience.PATIENT, text="Patient disclaimer: talk to your doctor."),
        DisclaimerFactory(
            audience=Audience.PROFESSIONAL, text="Professional disclaimer: verify against guidelines."
        ),
    )


def body_citing(*references, text="Exercise helps knee pain."):
    cites = "; ".join(f"@{ref.citation_key}" for ref in references)
    return f"{text} [{cites}]" if references else text


def all_checklist_keys():
    """Every review checklist point in use: what a member confirms to approve."""
    return ChecklistItem.keys_in_use()


def make_draft(*, editor, question=None, references=(), **kwargs):
    """A new article with its first draft, written by `editor`."""
    make_draft.counter += 1
    return services.article_create(
        actor=editor,
        question=question or f"How is knee pain number {make_draft.counter} treated?",
        specialty=kwargs.pop("specialty", "Orthopaedics"),
        body_patient=kwargs.pop("body_patient", body_citing(*references)),
        body_professional=kwargs.pop(
            "body_professional", body_citing(*references, text="Exercise therapy is first line.")
        ),
        change_summary=kwargs.pop("change_summary", "First version"),
        **kwargs,
    )


make_draft.counter = 0


def make_under_review(*, editor, reviewer_user, **kwargs):
    revision = make_draft(editor=editor, **kwargs)
    services.revision_submit(revision=revision, actor=editor)
    return review_decisions.revision_start_review(revision=revision, actor=reviewer_user)


def make_live(*, editor, reviewer_user, **kwargs):
    """An article whose first revision went through review and is live (quorum 1)."""
    revision = make_under_review(editor=editor, reviewer_user=reviewer_user, **kwargs)
    review_decisions.revision_approve(
        checklist_confirmed=all_checklist_keys(), revision=revision, actor=reviewer_user, comment="Accurate."
    )
    revision.refresh_from_db()
    return revision


def make_live_after_change_request(*, editor, reviewer_user, comment="Add the dose, please.", **kwargs):
    """Two rounds: the first revision sent back with `comment`, the second approved.
    Returns (first, second)."""
    first = make_under_review(editor=editor, reviewer_user=reviewer_user, **kwargs)
    review_decisions.revision_request_changes(revision=first, actor=reviewer_user, comment=comment)
    second = services.revision_create_draft(article=first.article, actor=editor)
    services.revision_update_draft(
        revision=second,
        actor=editor,
        body_patient=second.body_patient + " Take 400 mg.",
        body_professional=second.body_professional,
        change_summary="Dose added",
    )
    services.revision_submit(revision=second, actor=editor)
    review_decisions.revision_start_review(revision=second, actor=reviewer_user)
    review_decisions.revision_approve(
        revision=second,
        actor=reviewer_user,
        comment="Now complete.",
        checklist_confirmed=all_checklist_keys(),
    )
    second.refresh_from_db()
    return first, second


def make_guest_invitation(*, revision, chief_editor, **kwargs):
    """A guest specialist invited by `chief_editor` to review `revision` (through the service).
    Returns (invitation, token of its link)."""
    make_guest_invitation.counter += 1
    invitation = review_guests.guest_invite(
        revision=revision,
        actor=chief_editor,
        name=kwargs.pop("name", f"Dr Guest {make_guest_invitation.counter}"),
        credentials=kwargs.pop("credentials", "MD, PhD, hepatologist"),
        email=kwargs.pop("email", f"guest{make_guest_invitation.counter}@example.org"),
        **kwargs,
    )
    return invitation, review_guests.guest_token_for(invitation)


make_guest_invitation.counter = 0


def image_bytes(image_format="PNG", size=(64, 48), color=(30, 110, 160), exif=None):
    """An image made with Pillow, in `image_format`, optionally with `exif` (a PIL Exif)."""
    from PIL import Image

    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(out, format=image_format, **options)
    return out.getvalue()


def image_upload(data=None, name="figure.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, image_bytes() if data is None else data)


def upload_figure(*, revision, actor, key="knee-x-ray", data=None, alt="An X-ray of a knee.", **kwargs):
    """A figure uploaded through the service, for the draft `revision`'s article."""
    from articles import figure_services

    return figure_services.figure_upload(
        revision=revision, actor=actor, image_file=image_upload(data), key=key, alt=alt, **kwargs
    )


def make_live_with_figure(*, editor, reviewer_user, references=(), key="knee-x-ray", **kwargs):
    """An article live with a figure placed in its patient wording (quorum 1)."""
    body = body_citing(*references) + f"\n\n![@{key}]\n"
    revision = make_draft(editor=editor, references=references, body_patient=body, **kwargs)
    upload_figure(revision=revision, actor=editor, key=key, caption="The knee joint.", credit="Clinic")
    services.revision_submit(revision=revision, actor=editor)
    review_decisions.revision_start_review(revision=revision, actor=reviewer_user)
    review_decisions.revision_approve(
        checklist_confirmed=all_checklist_keys(), revision=revision, actor=reviewer_user, comment="Accurate."
    )
    revision.refresh_from_db()
    return revision
