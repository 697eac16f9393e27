"""The daily retraction check and the Retraction Watch import, against recorded data."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import RetractionAlert
from notifications.models import Notification
from references.models import Reference
from references.tasks import check_retractions
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(editor, reviewer, chief_editor, disclaimers):
    refs = {
        "retracted": factories.ReferenceFactory(doi="10.5555/retracted.2019.042"),
        "older": factories.ReferenceFactory(doi="10.5555/older.2018.003"),
        "corrected": factories.ReferenceFactory(doi="10.5555/corrected.2021.010"),
        "clean": factories.ReferenceFactory(doi="10.5555/knee.2020.001"),
        "uncited": factories.ReferenceFactory(doi="10.5555/uncited.2020.002"),
    }
    live = factories.make_live(
        editor=editor,
        reviewer_user=reviewer,
        references=[refs["retracted"], refs["corrected"], refs["clean"]],
    )
    draft = factories.make_draft(editor=editor, references=[refs["older"]])
    return refs, live, draft


def state(refs):
    return (
        {name: Reference.objects.get(pk=ref.pk).is_retracted for name, ref in refs.items()},
        Reference.history.count(),
        RetractionAlert.objects.count(),
        Notification.objects.count(),
    )


def test_the_daily_check_marks_cited_dois_that_crossref_reports_retracted(resolver_server, library):
    refs, live, draft = library
    summary = check_retractions()
    assert summary == {"checked": 4, "retracted": 2, "corrected": 1, "failed": 0}
    flags, *_ = state(refs)
    assert flags == {"retracted": True, "older": True, "corrected": False, "clean": False, "uncited": False}
    retracted = Reference.objects.get(pk=refs["retracted"].pk)
    assert (
        retracted.retraction_notice
        == "Crossref: Retraction notice doi:10.5555/retraction.2024.007 (2024-03-05)."
    )
    assert str(retracted.retracted_on) == "2024-03-05"
    assert retracted.history.latest().history_user is None
    assert "Correction notice doi:10.5555/correction.2022.002" in (
        Reference.objects.get(pk=refs["corrected"].pk).correction_notice
    )
    # The live article is flagged; the draft citing the other retracted source is blocked instead.
    assert list(RetractionAlert.objects.values_list("article_id", flat=True)) == [live.article_id]
    assert Notification.objects.filter(kind="reference_retracted").count() == 1
    assert not any("uncited" in request for request in resolver_server.requests)


def test_running_the_check_twice_changes_nothing_the_second_time(resolver_server, library):
    refs, *_ = library
    check_retractions()
    before = state(refs)
    summary = check_retractions()
    assert summary["retracted"] == summary["corrected"] == 0
    assert state(refs) == before


def test_lookups_that_fail_are_counted_and_mark_nothing(settings, library):
    refs, *_ = library
    settings.REFERENCE_RESOLVER = {
        "CLASS": "references.resolver.HttpResolver",
        "CROSSREF_URL": "http://127.0.0.1:9",
        "PUBMED_URL": "http://127.0.0.1:9",
        "TIMEOUT": 0.5,
    }
    before = state(refs)
    assert check_retractions() == {"checked": 0, "retracted": 0, "corrected": 0, "failed": 4}
    assert state(refs) == before


def test_the_check_runs_daily_on_celery_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["check-cited-references-for-retractions"]
    assert entry == {"task": "references.tasks.check_retractions", "schedule": 86400.0}


# A few rows in the shape of the Retraction Watch export, about made-up works.
RETRACTION_WATCH_CSV = (Path(__file__).parent / "data" / "files" / "retraction_watch.csv").read_text()


def test_a_retraction_watch_csv_marks_only_retractions_matched_by_doi(library, tmp_path):
    refs, live, _ = library
    path = tmp_path / "retraction_watch.csv"
    path.write_text(RETRACTION_WATCH_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_retraction_watch", str(path), stdout=out)
    assert (
        "4 rows read, 2 about entries of the library: 1 newly marked retracted, 1 corrections recorded."
        in (out.getvalue())
    )
    flags, *_ = state(refs)
    assert flags == {"retracted": True, "older": False, "corrected": False, "clean": False, "uncited": False}
    retracted = Reference.objects.get(pk=refs["retracted"].pk)
    assert retracted.retraction_notice.startswith(
        "Retraction Watch: Retraction, notice doi:10.5555/retraction.2024.007"
    )
    assert str(retracted.retracted_on) == "2024-03-05"
    assert RetractionAlert.objects.get().article_id == live.article_id

    before = state(refs)
    call_command("import_retraction_watch", str(path), stdout=io.StringIO())
    assert state(refs) == before


def test_a_csv_that_is_not_the_retraction_watch_export_is_refused(tmp_path, library):
    refs, *_ = library
    path = tmp_path / "other.csv"
    path.write_text("DOI,Status\n10.5555/retracted.2019.042,Retraction\n", encoding="utf-8")
    before = state(refs)
    with pytest.raises(CommandError, match="not a Retraction Watch CSV"):
        call_command("import_retraction_watch", str(path))
    assert state(refs) == before


def test_the_retraction_watch_csv_can_be_uploaded_in_the_admin(client, staff_editor, library):
    refs, *_ = library
    client.force_login(staff_editor)
    upload = SimpleUploadedFile("retraction_watch.csv", RETRACTION_WATCH_CSV.encode("utf-8"))
    response = client.post(
        reverse("admin:references_reference_retraction_watch"), {"file": upload}, follow=True
    )
    assert any("1 newly marked retracted" in str(m) for m in response.context["messages"])
    assert Reference.objects.get(pk=refs["retracted"].pk).is_retracted
