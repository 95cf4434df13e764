"""HTTP for following sources, and nothing else: no store, no pipeline.

One module per concern: `safety` (SSRF guard), `client` (the fetcher: retries, limits,
redirects), `robots`, `politeness` (per-host manners), `schedule` (cache hints and the
interval between fetches), `websub` (subscribing, signatures), `url` (one URL as a raw
document). What fetched bytes say is read in `extract/`; what is done with them
(fetching sources into the store, the worker, the Celery jobs) in `pipeline/`.
"""
