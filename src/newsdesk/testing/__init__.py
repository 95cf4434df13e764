"""Real servers on 127.0.0.1 for the tests and the benchmarks (like datasette.utils.testing).

`servers` (a scripted HTTP site that records what it was asked), `feeds` (many synthetic
feeds on one site), `web` (the web app under uvicorn), `workers` (`newsdesk worker`
processes on Redis and PostgreSQL, and waits bounded by their progress). Nothing here is
imported by newsdesk itself.
"""
