"""OPML 2.0 subscription lists in and out; nested outlines are categories ("News/World")."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from newsdesk.errors import FormatError

CATEGORY_SEPARATOR = "/"


@dataclass(frozen=True)
class Subscription:
    """One feed in an OPML file: its URL, title, site and category path."""

    url: str
    title: str | None = None
    site_url: str | None = None
    category: str | None = None
    kind: str = "feed"


def parse_opml(data: bytes) -> list[Subscription]:
    """The feeds an OPML file lists, each with the category path its folders give.

    FormatError when the file is not OPML.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"not a readable OPML file: {error}") from None
    if root is None or root.tag != "opml":
        raise FormatError("not an OPML file: the root element is not <opml>")
    body = root.find("body")
    if body is None:
        raise FormatError("the OPML file has no <body>")
    found: list[Subscription] = []
    _walk(body, [], found)
    return found


def _walk(node: etree._Element, path: list[str], found: list[Subscription]) -> None:
    for outline in node.findall("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        label = (outline.get("title") or outline.get("text") or "").strip() or None
        if url:
            # OPML 2.0's `category` attribute ("/News/World") counts when there are no folders.
            category = CATEGORY_SEPARATOR.join(path) or _category_attribute(outline)
            kind = "sitemap" if outline.get("type", "").lower() == "sitemap" else "feed"
            found.append(
                Subscription(
                    url=url,
                    title=label,
                    site_url=(outline.get("htmlUrl") or "").strip() or None,
                    category=category or None,
                    kind=kind,
                )
            )
        _walk(outline, [*path, label] if not url and label else path, found)


def _category_attribute(outline: etree._Element) -> str | None:
    first = (outline.get("category") or "").split(",")[0].strip().strip(CATEGORY_SEPARATOR)
    return first or None


def render_opml(subscriptions: list[Subscription], title: str = "newsdesk sources") -> bytes:
    """An OPML 2.0 document of the subscriptions, folders nested by category path."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(root, "body")
    folders: dict[tuple[str, ...], etree._Element] = {(): body}
    for subscription in sorted(subscriptions, key=lambda s: (s.category or "", s.url)):
        parts = tuple(p for p in (subscription.category or "").split(CATEGORY_SEPARATOR) if p)
        parent = _folder(folders, parts)
        attributes = {
            "type": "sitemap" if subscription.kind == "sitemap" else "rss",
            "text": subscription.title or subscription.url,
            "title": subscription.title or subscription.url,
            "xmlUrl": subscription.url,
        }
        if subscription.site_url:
            attributes["htmlUrl"] = subscription.site_url
        etree.SubElement(parent, "outline", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _folder(
    folders: dict[tuple[str, ...], etree._Element], parts: tuple[str, ...]
) -> etree._Element:
    if parts not in folders:
        parent = _folder(folders, parts[:-1])
        folders[parts] = etree.SubElement(parent, "outline", text=parts[-1], title=parts[-1])
    return folders[parts]
