"""A bounded cache of finished answers: the store is a fixed snapshot while the server runs, so a page, a
resource's RDF or a query's answer, once made, stays right until the server stops.

Least recently used first out, within two bounds: a number of entries and a number of bytes (the size of
the bodies kept). An answer larger than an eighth of the byte bound is not kept, so one huge answer cannot
empty the cache. A bound of 0 turns the cache off. Thread-safe: pages are made in starlette's thread pool.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

__all__ = ["CacheSettings", "Cached", "AnswerCache"]


@dataclass(frozen=True)
class CacheSettings:
    """The cache's bounds: each a setting of `councilgraph serve` with a safe default."""

    max_entries: int = 4096
    max_bytes: int = 64 * 1024 * 1024


@dataclass(frozen=True)
class Cached:
    """A finished answer: its body, media type and the headers that go with it."""

    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...] = ()


class AnswerCache:
    """Finished answers by key (what was asked: the path and the representation chosen, the query and its
    parameters, ...), least recently used out first, within `settings`' bounds."""

    def __init__(self, settings: CacheSettings | None = None):
        self.settings = settings or CacheSettings()
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @property
    def size(self) -> tuple[int, int]:
        """(entries, bytes) held now."""
        with self._lock:
            return len(self._entries), self._bytes

    def get(self, key: Hashable) -> Cached | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, value: Cached) -> None:
        size = len(value.body)
        if size * 8 > self.settings.max_bytes or self.settings.max_entries < 1:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = value
            self._bytes += size
            while len(self._entries) > self.settings.max_entries or self._bytes > self.settings.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def through(self, key: Hashable, make: Callable[[], Cached]) -> Cached:
        """The answer kept for `key`, or `make()`'s, kept for next time."""
        found = self.get(key)
        if found is None:
            found = make()
            self.put(key, found)
        return found
