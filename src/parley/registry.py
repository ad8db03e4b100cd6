"""Named registries of Parley's parts, so a pipeline is assembled from names.

Like spaCy's factories: a reader or a pipeline component registers itself under a name, and
later code (or a user's plugin) can replace it by registering another under the same name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """A name -> object table with a decorator to fill it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator: register the decorated object under `name` (replacing any earlier one)."""

        def add(obj: T) -> T:
            self._items[name] = obj
            return obj

        return add

    def get(self, name: str) -> T:
        """The object registered under `name`; KeyError names the known ones."""
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(
                f"no {self.kind} named {name!r}; registered: {', '.join(sorted(self._items))}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def names(self) -> list[str]:
        return sorted(self._items)

    def items(self) -> list[tuple[str, T]]:
        return sorted(self._items.items())


#: Pipeline components: factories `(settings) -> callable(ctx)` that fill an analysis context.
components: Registry[Callable[..., Any]] = Registry("component")
#: Readers: callables `(path, options) -> iterator of (Document, errors)`, keyed by file suffix.
readers: Registry[Callable[..., Any]] = Registry("reader")
#: Export formats: callables `(store, out, **options)`.
exporters: Registry[Callable[..., Any]] = Registry("exporter")
