"""A small per-process cache for records that change only when the corpus does (the front
page, read from its kept view); story and article views are read from the store."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class RecordCache:
    """Least-recently-used, with an age limit; keys should carry a version (updated_at)
    so that a change is a miss, the age limit only bounds what a missed change costs.

    Single-flight: requests missing the same key at once wait for the one computing it,
    so eight first views of a big story cost one computation, not eight.
    """

    def __init__(self, *, size: int = 512, max_age: float = 600.0) -> None:
        self.size = size
        self.max_age = max_age
        self._items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        """The cached value for key, else make() stored under it (made once at a time)."""
        with self._lock:
            found = self._fresh(key)
            if found is not None:
                return found[1]  # type: ignore[return-value]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                found = self._fresh(key)
            if found is not None:
                return found[1]  # type: ignore[return-value]
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._making.pop(key, None)
                raise
            with self._lock:
                # Kept before the key is let go, so that no request finds neither.
                self._items[key] = (time.monotonic(), value)
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._making.pop(key, None)
            return value

    def _fresh(self, key: Hashable) -> tuple[float, object] | None:
        found = self._items.get(key)
        if found is None or time.monotonic() - found[0] >= self.max_age:
            return None
        self._items.move_to_end(key)
        return found

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()
