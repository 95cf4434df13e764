"""The errors newsdesk raises on purpose, one hierarchy, each naming what failed."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises for a user to read."""


class IngestError(NewsdeskError):
    """An input could not be read or turned into articles.

    `origin` names the input (a path, `path:line` or a URL); `reason` says why in
    words a user understands.
    """

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ConfigError(NewsdeskError):
    """A setting is missing or has a value newsdesk cannot use."""
