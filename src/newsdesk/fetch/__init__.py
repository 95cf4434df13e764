"""Following sources: safe HTTP fetching, discovery, OPML, scheduling, WebSub and workers.

One module per concern: `safety` (SSRF guard), `client` (HTTP), `robots`, `politeness`,
`discover` (feeds, sitemaps), `entries` (fetched feeds to documents), `opml`,
`schedule` (adaptive intervals), `run` (fetching sources into the store), `websub`,
`tasks` (the Celery app for distributed mode), `worker`.
"""
