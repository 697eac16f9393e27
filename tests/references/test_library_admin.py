"""Finding entries in the admin: search by title, DOI, PMID and author; filters by type, year, retraction."""

import pytest
from django.urls import reverse

from references import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(db):
    return {
        "acr": factories.ReferenceFactory(
            title="ACR guideline for osteoarthritis",
            reference_type="guideline",
            authors="Kolasinski SL\nNeogi T",
            year=2020,
            doi="10.1002/acr.24131",
            pmid="31908149",
        ),
        "who": factories.ReferenceFactory(
            title="WHO physical activity guideline", reference_type="guideline", authors="Bull FC", year=2020
        ),
        "trial": factories.ReferenceFactory(
            title="Knee brace trial", reference_type="randomised_trial", authors="Brace A", year=2018
        ),
    }


def found(client, user, query):
    client.force_login(user)
    response = client.get(reverse("admin:references_reference_changelist") + query)
    assert response.status_code == 200
    return {ref.title for ref in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?q=osteoarthritis", {"ACR guideline for osteoarthritis"}),
        ("?q=Neogi", {"ACR guideline for osteoarthritis"}),
        ("?q=31908149", {"ACR guideline for osteoarthritis"}),
        ("?q=PMID:+31908149", {"ACR guideline for osteoarthritis"}),
        ("?q=10.1002/acr.24131", {"ACR guideline for osteoarthritis"}),
        ("?q=https://doi.org/10.1002/ACR.24131", {"ACR guideline for osteoarthritis"}),
        (
            "?reference_type__exact=guideline",
            {"ACR guideline for osteoarthritis", "WHO physical activity guideline"},
        ),
        ("?year=2018", {"Knee brace trial"}),
    ],
)
def test_entries_are_found_by_title_author_identifier_type_and_year(
    client, staff_editor, entries, query, titles
):
    assert found(client, staff_editor, query) == titles


def test_retracted_entries_can_be_listed_alone(client, staff_editor, entries, editor):
    services.reference_mark_retracted(reference=entries["trial"], actor=editor, notice="Retracted in 2024.")
    assert found(client, staff_editor, "?is_retracted__exact=1") == {"Knee brace trial"}
