"""What is made from a template file, kept while the file is unchanged.

A template's compiled program, its pristine workbook and its static check are each made once
per process and kept under :func:`lookup.template_key` (resolved path, modification time,
size): an edited template is a new key. A long-lived process (a library caller going through
many template folders) keeps at most ``size`` of each kind; the oldest is forgotten first.
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")
Key = tuple[str, int, int]


class FileCache(Generic[T]):
    """At most ``size`` values by template key, the oldest forgotten first."""

    def __init__(self, size: int = 32):
        self.size = size
        self._items: dict[Key, T] = {}

    def get(self, key: Key) -> T | None:
        return self._items.get(key)

    def put(self, key: Key, value: T) -> T:
        self._items.pop(key, None)
        while len(self._items) >= self.size:
            del self._items[next(iter(self._items))]
        self._items[key] = value
        return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()


__all__ = ["FileCache", "Key"]
