"""Partners show the API's HTML on their own sites, so a figure in it is addressed absolutely on
ours (and that address serves the image); the reader page keeps its own relative address."""

import pytest

from tests.reader.test_figures_on_the_reader_page import _approve, _image_url

pytestmark = pytest.mark.django_db


def test_a_figure_in_the_api_html_has_an_absolute_address_that_serves_it(
    client,
    api,
    draft_with_figure,
    editor,
    reviewer,
):
    draft, figure = draft_with_figure
    _approve(draft, editor, reviewer)

    html = api(f"/api/v1/articles/{draft.article.slug}/").json()["wordings"]["patient"]["html"]

    address = f"http://testserver{_image_url(figure)}"
    assert f'<img src="{address}" alt="A knee &quot;before&quot;"' in html
    assert client.get(address).status_code == 200
    reader_page = client.get(draft.article.get_absolute_url()).content.decode()
    assert f'<img src="{_image_url(figure)}"' in reader_page
