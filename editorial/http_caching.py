"""HTTP plumbing shared by every page: what a cache may keep, and compression.

Pages are private unless a view says otherwise: `PrivateByDefaultMiddleware` gives every
response without a Cache-Control header `private, no-store`, so a workspace page, the admin or
a preview with unpublished text can never be kept by a browser's back cache or a shared
proxy. Public reader pages set their own header (reader.http).

`CompressionMiddleware` compresses text answers (HTML, XML, JSON, ...) with brotli or gzip
through django-compression-middleware, and keeps the view's strong ETag strong by giving each
encoding its own tag ("abc" becomes "abc-br"), as Apache's mod_deflate does, instead of the
library's weak W/"abc": a compressed representation is byte-for-byte stable.
"""

import re

from compression_middleware.middleware import CompressionMiddleware as LibraryCompressionMiddleware
from django.utils.cache import patch_cache_control

PRIVATE_NO_STORE = {"private": True, "no_store": True}
COMPRESSIBLE_TYPES = re.compile(
    r"^(text/|application/(json|xml|atom\+xml|rss\+xml|javascript|ld\+json|problem\+json)|image/svg\+xml)"
)
# The suffixes that CompressionMiddleware adds to a strong ETag, so that a conditional request
# carrying a compressed representation's tag matches the view's own tag.
ENCODING_SUFFIX = re.compile(r"-(br|gzip|zstd)\"$")


class PrivateByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, **PRIVATE_NO_STORE)
        return response


class CompressionMiddleware(LibraryCompressionMiddleware):
    def process_response(self, request, response):
        if not COMPRESSIBLE_TYPES.match(response.get("Content-Type", "")):
            return response
        etag = response.get("ETag", "")
        response = super().process_response(request, response)
        encoding = response.get("Content-Encoding")
        if encoding and etag.startswith('"'):
            response["ETag"] = f'{etag[:-1]}-{encoding}"'
        return response


def etag_without_encoding(tag):
    """The view's ETag for a tag a client sends back, with any encoding suffix removed."""
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    return ENCODING_SUFFIX.sub('"', tag)
