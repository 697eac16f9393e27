"""Two levels of cache for reader pages: this process's memory, then Django's cache (Redis in
production, shared by every process), then rendering.

Keys always contain the reader content version (reader.freshness) or an approved revision's
id, so an entry is never wrong, only unused: nothing is ever invalidated, old entries simply
fall out (least recently used first in memory, by timeout in Django's cache). Going through
django.core.cache keeps whatever failure handling its configured backend has.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

# Bump when the shape of cached data changes, so that old entries are ignored.
CACHE_VERSION = 2
# Entries are keyed by version; the timeout only bounds how long unused ones stay around.
SHARED_CACHE_SECONDS = 60 * 60 * 24


class MemoryLRU:
    """A bounded, thread-safe map that forgets its least recently used entries."""

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key, value):
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def __len__(self):
        return len(self._entries)


@dataclass(frozen=True)
class CachedPage:
    """A rendered page as bytes with what is needed to answer with it again."""

    status: int
    content: bytes
    content_type: str


pages = MemoryLRU(getattr(settings, "READER_MEMORY_CACHE_PAGES", 2_000))
# Approved revisions rendered per audience; they never change (reader.rendering).
bodies = MemoryLRU(getattr(settings, "READER_MEMORY_CACHE_BODIES", 5_000))
# Finished responses of warm reader pages, and the addresses that were reader pages
# (reader.warm_pages).
finished_responses = MemoryLRU(getattr(settings, "READER_MEMORY_CACHE_RESPONSES", 1_000))
public_addresses = MemoryLRU(getattr(settings, "READER_MEMORY_CACHE_RESPONSES", 1_000) * 2)


def two_level_get(memory, key, compute, *, shared_timeout=SHARED_CACHE_SECONDS):
    """The value at `key` from memory, else from Django's cache, else `compute()` (which may
    return None: nothing is stored then)."""
    value = memory.get(key)
    if value is not None:
        return value
    shared_key = f"reader:v{CACHE_VERSION}:{key}"
    value = cache.get(shared_key)
    if value is None:
        value = compute()
        if value is None:
            return None
        cache.set(shared_key, value, shared_timeout)
    memory.set(key, value)
    return value


def clear_process_memory():
    for memory in (pages, bodies, finished_responses, public_addresses):
        memory.clear()


@receiver(setting_changed)
def _forget_on_cache_settings_change(setting, **kwargs):
    # Tests start from a cold cache by changing CACHES; memory must go cold with it.
    if setting == "CACHES":
        clear_process_memory()
