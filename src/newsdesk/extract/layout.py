"""Old-style pages laid out in tables: the layout tables turned into blocks, so the article
in one of their cells reads as paragraphs and not as a row of table cells.

trafilatura reads a `<table>` as data: each row becomes one line of cells, the menu beside
the article and the copyright under it joined to it, its `<br>`-broken paragraphs
run together. A table is layout when it holds another table or a cell of running prose.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

# A cell of at least this many words is prose, not data.
PROSE_CELL_WORDS = 60
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")


def has_layout_table(page: str) -> bool:
    """Whether the page may be laid out in tables (cheap test on the markup alone)."""
    lowered = page[:2_000_000].lower()
    return "<table" in lowered and "<td" in lowered


def untable_layout(page: str) -> str | None:
    """The page with its layout tables turned into `<div>`s and each `<br>` into a paragraph
    break; None when it has no layout table (or cannot be parsed)."""
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return None
    layout = [table for table in root.iter("table") if _is_layout(table)]
    if not layout:
        return None
    # Decided for every part before any is renamed: the nearest table must still be one.
    parts = [
        element
        for table in layout
        for element in table.iter(*_TABLE_PARTS)
        if _inside_layout(element, table)
    ]
    cells = [element for element in parts if element.tag in ("td", "th")]
    for element in parts:
        element.tag = "div"
    for cell in cells:
        for block in [cell, *cell.iter("font", "span", "b", "div")]:
            _paragraphs_from_breaks(block)
    return lxml.html.tostring(root, encoding="unicode")


def _is_layout(table: etree._Element) -> bool:
    if table.find(".//table") is not None:
        return True
    return any(
        len(cell.text_content().split()) >= PROSE_CELL_WORDS for cell in table.iter("td", "th")
    )


def _inside_layout(element: etree._Element, table: etree._Element) -> bool:
    # A data table nested in a layout cell stays a table: only the parts whose nearest
    # table is a layout one become blocks.
    nearest = element if element.tag == "table" else next(element.iterancestors("table"), None)
    return nearest is table


def _paragraphs_from_breaks(block: etree._Element) -> None:
    """Turn the line breaks among a block's children into paragraph breaks: the text
    between two `<br>`s becomes a `<p>` of its own."""
    children = list(block)
    if not any(child.tag == "br" for child in children):
        return
    pieces: list[list[object]] = [[block.text or ""]]
    for child in children:
        if child.tag == "br":
            # Each line its own paragraph: in these pages a line break ends the headline,
            # the byline and every paragraph alike.
            if not _blank(pieces[-1]):
                pieces.append([])
        else:
            pieces[-1].append(child)
        if child.tail and child.tail.strip():
            pieces[-1].append(child.tail)
    if len(pieces) < 2:
        return
    for child in children:
        block.remove(child)
    block.text = None
    for piece in pieces:
        if _blank(piece):
            continue
        paragraph = etree.SubElement(block, "p")
        for part in piece:
            if isinstance(part, str):
                _append_text(paragraph, part)
            else:
                part.tail = None
                paragraph.append(part)


def _blank(piece: list[object]) -> bool:
    return all(isinstance(part, str) and not part.strip() for part in piece)


def _append_text(paragraph: etree._Element, text: str) -> None:
    if len(paragraph):
        last = paragraph[-1]
        last.tail = (last.tail or "") + text
    else:
        paragraph.text = (paragraph.text or "") + text
