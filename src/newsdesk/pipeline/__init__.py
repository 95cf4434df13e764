"""Runs the stages over documents: read, keep raw, extract, enrich, group. I/O lives here.

The same functions run in-process (the CLI) and, later, as task-queue jobs.
"""

from newsdesk.pipeline.enrichment import enrich_pending
from newsdesk.pipeline.grouping import group_pending, recluster
from newsdesk.pipeline.ingest import ingest_item, ingest_paths, reprocess
from newsdesk.pipeline.report import IngestReport, Notify

__all__ = [
    "IngestReport",
    "Notify",
    "enrich_pending",
    "group_pending",
    "ingest_item",
    "ingest_paths",
    "recluster",
    "reprocess",
]
