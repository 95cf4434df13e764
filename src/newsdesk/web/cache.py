"""A small per-process cache for records that are costly to compute (story summaries embed
every sentence) and change only when their story or article does."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class RecordCache:
    """Least-recently-used, with an age limit; keys should carry a version (updated_at)
    so that a change is a miss, the age limit only bounds what a missed change costs."""

    def __init__(self, *, size: int = 512, max_age: float = 600.0) -> None:
        self.size = size
        self.max_age = max_age
        self._items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        """The cached value for key, else make() stored under it."""
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None and now - found[0] < self.max_age:
                self._items.move_to_end(key)
                return found[1]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()
