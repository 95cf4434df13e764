"""Fixtures for the pipeline tests: the fetch tests' local site and the settings that reach it."""

from __future__ import annotations

from tests.fetch.conftest import fetch_settings, site

__all__ = ["fetch_settings", "site"]
