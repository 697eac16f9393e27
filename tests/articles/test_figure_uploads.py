"""Uploading a figure: the type is read from the bytes, size and pixels are limited, metadata
(GPS position included) is stripped by re-encoding, alt text is required, and a refusal leaves
nothing behind."""

import io
from pathlib import Path

import pytest
import rest_framework
from django.core.files.storage import storages
from PIL import ExifTags, Image

from articles import figure_services
from articles.models import Figure
from audit.models import Event
from editorial.exceptions import InvalidAction
from tests import factories

pytestmark = pytest.mark.django_db


def _stored(figure):
    with storages["default"].open(figure.storage_name, "rb") as stored:
        return stored.read()


def _nothing_kept(draft):
    return (
        not Figure.objects.filter(article=draft.article).exists()
        and not Event.objects.filter(verb="figure.upload").exists()
    )


def _gps_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone maker"
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: rotate 90° to show it upright
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 26.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
    }
    return exif


def test_an_uploaded_image_is_kept_under_its_hash_with_its_size_and_an_event(draft, editor):
    figure = factories.upload_figure(revision=draft, actor=editor, caption="Knee", credit="Clinic")
    data = _stored(figure)
    assert (figure.width, figure.height, figure.image_format) == (64, 48, "png")
    assert figure.storage_name == f"figures/{figure.sha256}.png"
    assert Image.open(io.BytesIO(data)).size == (64, 48)
    assert figure.byte_size == len(data)
    assert figure.history.count() == 1
    event = Event.objects.get(verb="figure.upload")
    assert event.data["key"] == "knee-x-ray" and event.data["sha256"] == figure.sha256


def test_a_real_png_shipped_with_an_installed_package_is_accepted(draft, editor):
    # A real-world PNG (palette, transparency) from the REST framework's own static files.
    path = Path(rest_framework.__file__).parent / "static/rest_framework/img/glyphicons-halflings.png"
    original = Image.open(path)
    figure = factories.upload_figure(revision=draft, actor=editor, data=path.read_bytes())
    kept = Image.open(io.BytesIO(_stored(figure)))
    assert kept.format == "PNG"
    assert kept.size == original.size == (figure.width, figure.height)


def test_a_file_whose_bytes_are_not_an_image_is_refused_whatever_its_name(draft, editor):
    pdf = factories.image_upload(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", name="x-ray.png")
    with pytest.raises(InvalidAction, match="not an image this site can read") as refusal:
        figure_services.figure_upload(
            revision=draft, actor=editor, image_file=pdf, key="knee", alt="An X-ray."
        )
    assert "image" in refusal.value.field_errors
    assert _nothing_kept(draft)


def test_an_image_of_a_format_not_accepted_is_refused(draft, editor):
    with pytest.raises(InvalidAction, match="JPEG, PNG, WebP or GIF"):
        factories.upload_figure(revision=draft, actor=editor, data=factories.image_bytes("BMP"))
    assert _nothing_kept(draft)


def test_an_oversized_image_is_refused_with_its_size_and_the_limit(draft, editor, settings):
    settings.FIGURE_MAX_BYTES = 2_000
    noisy = Image.effect_noise((200, 200), 80)
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    assert len(out.getvalue()) > 2_000
    with pytest.raises(InvalidAction, match=r"The image is \d+ KB; at most 2 KB can be uploaded"):
        factories.upload_figure(revision=draft, actor=editor, data=out.getvalue())
    assert _nothing_kept(draft)


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(draft, editor, settings):
    settings.FIGURE_MAX_PIXELS = 1_000
    with pytest.raises(InvalidAction, match=r"too many pixels \(64 × 48, at most 1,000 in all\)"):
        factories.upload_figure(revision=draft, actor=editor)
    assert _nothing_kept(draft)


def test_gps_position_and_all_exif_are_stripped_and_the_orientation_is_applied(draft, editor):
    data = factories.image_bytes("JPEG", size=(64, 48), exif=_gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it is there to strip
    figure = factories.upload_figure(revision=draft, actor=editor, data=data)
    kept_bytes = _stored(figure)
    kept = Image.open(io.BytesIO(kept_bytes))
    assert kept.format == "JPEG"
    assert not kept.getexif()
    assert not kept.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Exif" not in kept_bytes and b"Phone maker" not in kept_bytes
    # Turned upright from the orientation tag, which is gone with the rest.
    assert kept.size == (48, 64) == (figure.width, figure.height)


def test_an_animated_gif_keeps_its_first_frame_as_a_png(draft, editor):
    frames = [Image.new("P", (20, 10), index) for index in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], loop=0)
    figure = factories.upload_figure(revision=draft, actor=editor, data=out.getvalue())
    kept = Image.open(io.BytesIO(_stored(figure)))
    assert figure.image_format == "png" and kept.format == "PNG"
    assert not getattr(kept, "is_animated", False)


@pytest.mark.parametrize("alt", ["", "   ", "\n\t"])
def test_a_figure_without_alt_text_is_refused_with_a_sentence_saying_why(draft, editor, alt):
    with pytest.raises(InvalidAction, match="alt text is required") as refusal:
        factories.upload_figure(revision=draft, actor=editor, alt=alt)
    assert "alt" in refusal.value.field_errors
    assert _nothing_kept(draft)


def test_a_key_that_cannot_be_written_as_a_placement_is_refused(draft, editor):
    with pytest.raises(InvalidAction, match="key of letters, digits"):
        factories.upload_figure(revision=draft, actor=editor, key="knee x-ray]")
    assert _nothing_kept(draft)


def test_a_second_figure_with_the_same_key_is_refused(draft, editor):
    factories.upload_figure(revision=draft, actor=editor)
    with pytest.raises(InvalidAction, match='already has a figure with the key "knee-x-ray"'):
        factories.upload_figure(revision=draft, actor=editor, data=factories.image_bytes(color=(1, 2, 3)))
    assert Figure.objects.filter(article=draft.article).count() == 1


def test_identical_bytes_are_stored_once(draft, editor):
    first = factories.upload_figure(revision=draft, actor=editor, key="one")
    second = factories.upload_figure(revision=draft, actor=editor, key="two")
    assert first.sha256 == second.sha256 and first.storage_name == second.storage_name
