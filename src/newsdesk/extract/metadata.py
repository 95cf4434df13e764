"""A page's title, author, date, site name and canonical URL, read with trafilatura's own
readers (trafilatura 2.3.1, pinned) over an already parsed tree.

`trafilatura.extract_metadata` also collects categories, tags and a licence, which newsdesk
never reads and which cost about a third of its time (each walks every link of the page).
"""

from __future__ import annotations

import contextlib
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, set_date_params

from newsdesk.extract.authors import markup_author


def page_metadata(
    tree: HtmlElement,
    url: str | None,
    date_params: dict[str, Any] | None = None,
    *,
    text_only: bool = False,
) -> Document:
    """What `trafilatura.extract_metadata` gives for title, author, URL, date and site name,
    without its categories, tags and licence; the tree is left as it was. With
    `date_params` None the date is left out (`page_date` reads it when it is needed); with
    `text_only`, the author and site name are only what the meta tags say."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    # trafilatura guards its JSON-LD reader the same way: a bug there loses only the JSON-LD.
    with contextlib.suppress(Exception):
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    # The author's fallback walks the whole page: the body text needs only the title (its
    # repeat is dropped) and the URL.
    if not metadata.author and not text_only:
        metadata.author = markup_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    if date_params is not None:
        metadata.date = page_date(tree, metadata.url, date_params)
    if not metadata.sitename and not text_only:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        name = metadata.sitename.lstrip("@")
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        metadata.sitename = name
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata


def page_date(tree: HtmlElement, url: str | None, date_params: dict[str, Any] | None) -> str | None:
    """The page's date as htmldate finds it (trafilatura's settings unless others are given);
    its search in the page's text, through dateparser, costs more than all the rest."""
    date_config = {**date_params} if date_params else set_date_params(True)
    date_config["url"] = url
    return find_date(tree, **date_config)
