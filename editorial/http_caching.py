"""HTTP plumbing shared by every page: what a cache may keep, and compression.

Pages are private unless a view says otherwise: `PrivateByDefaultMiddleware` gives every
response without a Cache-Control header `private, no-store`, so a workspace page, the admin or
a preview with unpublished text can never be kept by a browser's back cache or a shared
proxy. Public reader pages set their own header (reader.http).

`CompressionMiddleware` compresses text answers (HTML, XML, JSON, ...) with brotli or gzip
through django-compression-middleware, and keeps the view's strong ETag strong by giving each
encoding its own tag ("abc" becomes "abc-br"), as Apache's mod_deflate does, instead of the
library's weak W/"abc": a compressed representation is byte-for-byte stable. A public page is
the same bytes for every reader, so its compressed form is kept in a small in-process memo keyed
by the bytes' hash: a warm reader page is not compressed again on every request (brotli costs
about a millisecond for an article page, as much as serving it).
"""

import hashlib
import re
import threading
from collections import OrderedDict

from compression_middleware.middleware import MIN_IMPROVEMENT, MIN_LEN, compressor
from django.utils.cache import patch_cache_control, patch_vary_headers

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


class CompressedMemo:
    """The compressed bytes of recent public pages, keyed by encoding and the page's hash.

    Bounded by entries (oldest dropped first); thread-safe for gthread workers."""

    def __init__(self, max_entries=256):
        self.max_entries = max_entries
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def compress(self, encoding, compress, content):
        key = (encoding, hashlib.blake2b(content, digest_size=16).digest())
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        compressed = compress(content)
        with self._lock:
            self._entries[key] = compressed
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return compressed

    def clear(self):
        with self._lock:
            self._entries.clear()


compressed_public_pages = CompressedMemo()


def _is_public(response):
    return "public" in response.get("Cache-Control", "")


class CompressionMiddleware:
    """django-compression-middleware's choice of encoding and its thresholds, with strong ETags
    kept strong per encoding and public pages compressed once (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.process_response(request, self.get_response(request))

    def process_response(self, request, response):
        if not COMPRESSIBLE_TYPES.match(response.get("Content-Type", "")):
            return response
        if response.has_header("Content-Encoding") or (
            not response.streaming and len(response.content) < MIN_LEN
        ):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        encoding, compress, compress_stream = compressor(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if not encoding:
            return response
        if response.streaming:
            response.streaming_content = compress_stream(response.streaming_content)
            del response["Content-Length"]
        else:
            content = response.content
            if _is_public(response):
                compressed = compressed_public_pages.compress(encoding, compress, content)
            else:
                compressed = compress(content)
            if len(compressed) >= len(content) - MIN_IMPROVEMENT:
                return response
            response.content = compressed
            response["Content-Length"] = str(len(compressed))
        etag = response.get("ETag", "")
        if etag.startswith('"'):
            response["ETag"] = f'{etag[:-1]}-{encoding}"'
        response["Content-Encoding"] = encoding
        return response


def etag_without_encoding(tag):
    """The view's ETag for a tag a client sends back, with any encoding suffix removed."""
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    return ENCODING_SUFFIX.sub('"', tag)
