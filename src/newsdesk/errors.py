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


class InputError(NewsdeskError):
    """A value a user gave (an option, a query parameter, a date) cannot be used; the
    message names it and says what would do."""


class FormatError(NewsdeskError):
    """Bytes are not in the format asked for (not a feed, not OPML, not a sitemap); the
    message says what they are instead. Callers that know the input add its name."""


class FetchError(NewsdeskError):
    """A URL could not be fetched; `url` names it and `reason` says why in plain words.

    `retry_after` (seconds) is set when the server asked us to come back later.
    """

    def __init__(self, url: str, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.retry_after = retry_after


class UnsafeURLError(FetchError):
    """A URL (or a redirect) points where newsdesk must not go: a private or local address."""


class RobotsDisallowedError(FetchError):
    """The site's robots.txt asks crawlers not to fetch this URL."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx or 5xx after retries)."""

    def __init__(
        self, url: str, status: int, reason: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(url, reason, retry_after=retry_after)
        self.status = status


class SearchError(NewsdeskError):
    """A search could not be run as asked (an unknown outlet or entity, a bad mode)."""


class SourceError(NewsdeskError):
    """A source cannot be added or changed as asked (unknown id, already followed, no feed)."""


class AccountError(NewsdeskError):
    """An account could not be created or used: a bad or taken name, a short password."""


class CommentError(NewsdeskError):
    """A comment was refused: empty, too long, on nothing, or not the author's to change."""


class RateLimited(NewsdeskError):
    """Too many comments, failed logins or registrations in too short a time; `retry_after`
    says in how many seconds to try again."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def wait_in_words(seconds: int) -> str:
    """How long to wait, as a reader says it: "1 second", "40 seconds", "3 minutes"."""
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{-(-seconds // 60)} minutes"


class NotAllowed(CommentError):
    """The account may not do this to the comment (not its author, not a moderator)."""


class NotFound(NewsdeskError):
    """The thing asked for (an article, a story, a comment) does not exist."""


class VectorModelMismatch(NewsdeskError):
    """The store's vectors were made by another embedding model than this newsdesk's, so
    comparing them with new ones would mean nothing; `newsdesk recluster` embeds them again."""
