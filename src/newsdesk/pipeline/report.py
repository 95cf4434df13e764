"""What a pipeline run did, counted, with every problem in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Notify = Callable[[str], None]


@dataclass(frozen=True)
class Problem:
    """Something a run met that a user should hear of: an input that failed (`error`) or
    one that was read with a caveat (`warning`)."""

    severity: Literal["error", "warning"]
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}"


OnProblem = Callable[[Problem], None]


@dataclass
class IngestReport:
    """What one ingest or reprocess run did, counted, with every problem in words."""

    files: int = 0
    documents: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    articles: int = 0
    # Of those articles, earlier ones of the same URL that got a new version.
    revised: int = 0
    stubs: int = 0
    # Files inside the folders given that are not read (an ARC, a photo), each warned of.
    skipped: int = 0
    copies: int = 0
    stories: int = 0
    enriched: int = 0
    enrich_skipped: int = 0
    enrich_failed: int = 0
    # Articles whose sentences and quotes were embedded for the pages, after grouping.
    embedded: int = 0
    # Lead images fetched and kept (a refused one is a warning, with why).
    images: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Ids of the full articles stored (new, or new versions), for the CLI to say where each went.
    added: list[int] = field(default_factory=list)
    # Stories grouping started or grew: the views step builds their pages again.
    grown: set[int] = field(default_factory=set)

    def as_json(self) -> dict[str, object]:
        """The report as a JSON object (the `--json` shape of ingest and reprocess)."""
        return {
            "files": self.files,
            "documents": self.documents,
            "new": self.new,
            "duplicate": self.duplicate,
            "failed": self.failed,
            "articles": self.articles,
            "revised": self.revised,
            "stubs": self.stubs,
            "skipped": self.skipped,
            "copies": self.copies,
            "stories": self.stories,
            "enriched": self.enriched,
            "enrich_skipped": self.enrich_skipped,
            "enrich_failed": self.enrich_failed,
            "embedded": self.embedded,
            "images": self.images,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def ignore(_: object) -> None:
    """A notification callback that does nothing."""
    return None


def fail(report: IngestReport, message: str, on_problem: OnProblem) -> None:
    """Count a failed input and say why."""
    report.failed += 1
    report.errors.append(message)
    on_problem(Problem("error", message))


def warn(report: IngestReport, message: str, on_problem: OnProblem) -> None:
    """Note an input read with a caveat (a legacy encoding, a malformed feed recovered)."""
    report.warnings.append(message)
    on_problem(Problem("warning", message))
