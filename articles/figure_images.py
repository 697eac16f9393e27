"""Checking and cleaning an uploaded image before it is kept.

The type is read from the bytes (never from the file name or the browser's word), the size
and the pixel count are limited, and the image is re-encoded by Pillow: what is kept holds
pixels only, no EXIF (GPS position, camera serial), no comments, no other metadata. The
orientation a camera wrote in EXIF is applied to the pixels first, so nothing turns sideways.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from editorial.exceptions import InvalidAction

# Pillow's format name → the format the figure is kept in. A GIF keeps its first frame, as PNG.
ACCEPTED = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
_SAVE_AS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    image_format: str
    width: int
    height: int

    @property
    def sha256(self):
        return hashlib.sha256(self.data).hexdigest()


def _megabytes(size):
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(size):
    """InvalidAction when an upload of `size` bytes is over the limit (asked before reading it)."""
    limit = settings.FIGURE_MAX_BYTES
    if size > limit:
        raise InvalidAction(
            f"The image is {_megabytes(size)}; at most {_megabytes(limit)} can be uploaded. "
            "Save it smaller (fewer pixels or more compression) and upload it again.",
            field_errors={"image": [f"Larger than {_megabytes(limit)}."]},
        )


def _not_an_image():
    return InvalidAction(
        "The file is not an image this site can read. Upload a JPEG, PNG, WebP or GIF image.",
        field_errors={"image": ["Not a JPEG, PNG, WebP or GIF image."]},
    )


def _too_many_pixels(how_many, limit):
    return InvalidAction(
        f"The image has too many pixels ({how_many} at most {limit:,} in all). "
        "Scale it down and upload it again.",
        field_errors={"image": ["Too many pixels."]},
    )


def _open(data):
    """The image in `data`, checked: an accepted format, within the pixel limit, intact."""
    limit = settings.FIGURE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            width, height = image.size
            if image_format in ACCEPTED and width * height <= limit:
                image.verify()  # checks the structure without decoding the pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels("far too many;", limit) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _not_an_image() from exc
    if width * height > limit:
        raise _too_many_pixels(f"{width:,} × {height:,},", limit)
    if image_format not in ACCEPTED:
        raise _not_an_image()
    # verify() leaves the image unusable: open it again to decode it.
    return Image.open(io.BytesIO(data)), ACCEPTED[image_format]


def _re_encode(image, image_format):
    image.seek(0)  # an animated GIF: its first frame
    image.load()
    image = ImageOps.exif_transpose(image)
    if image_format == "jpeg":
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    # Nothing but pixels goes into the kept file: no EXIF, XMP, comments or text chunks.
    image.info = {}
    out = io.BytesIO()
    options = {"quality": 90} if image_format in ("jpeg", "webp") else {"optimize": True}
    image.save(out, format=_SAVE_AS[image_format], **options)
    return CleanImage(data=out.getvalue(), image_format=image_format, width=image.width, height=image.height)


def clean_image(data):
    """The upload's bytes checked and re-encoded without metadata (InvalidAction if refused)."""
    check_size(len(data))
    image, image_format = _open(data)
    try:
        return _re_encode(image, image_format)
    except (OSError, SyntaxError, ValueError) as exc:
        raise _not_an_image() from exc
