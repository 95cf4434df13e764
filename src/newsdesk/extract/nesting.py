"""Markup nested deeper than the HTML parser keeps, flattened so its text is not lost.

libxml2 (under lxml and trafilatura) stops building the tree at 256 levels and drops what
lies deeper, so a page of 100,000 nested `<div>`s parses to an empty body. Below the limit
every tag is kept; past it only the tags that mark paragraphs stay (they cannot nest, so
the depth stays bounded), and the text is kept whole.
"""

from __future__ import annotations

import re
from itertools import accumulate

# Under libxml2's 256 levels, with room for the parser's own <html><body> and the
# paragraph tags kept below the cut.
MAX_DEPTH = 200
_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen",
})  # fmt: skip
# Tags a parser closes by itself when the next of their kind opens (<li> after <li>).
_SELF_CLOSING_SIBLINGS = {
    "p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"},
    "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"},
}  # fmt: skip
# What is kept below the cut: paragraphs and headings, and line breaks.
_KEPT_BELOW = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "blockquote"})
_KEPT_BELOW_NESTABLE = frozenset({"blockquote"})  # dropped there: it can nest


# Blocks whose dropped tags still end a line, so their texts do not run together.
_BLOCKS = frozenset({
    "address", "article", "aside", "div", "dl", "dd", "dt", "figure", "figcaption", "footer",
    "form", "header", "main", "nav", "ol", "ul", "pre", "section", "table", "tbody", "thead",
    "tfoot", "tr", "td", "th", "center", "fieldset",
})  # fmt: skip


# Tag starts and ends, void elements left out, counted in C: the running sum bounds the depth
# from above (a few unclosed <li>s or a `<` in a script only raise it), so most pages are
# let through at a fraction of the cost of walking their tags.
_TAG_MARK = re.compile(
    r"<(?:/(?=[a-z])|(?!(?:br|img|meta|link|input|hr|source|wbr|area|base|col|embed|param"
    r"|track|keygen|path|use|rect|circle|stop)\b)(?=[a-z]))|/>",
    re.IGNORECASE,
)
_MARK_STEP = {"<": 1, "</": -1, "/>": -1}


def _depth_bound(html: str) -> int:
    return max(accumulate(map(_MARK_STEP.__getitem__, _TAG_MARK.findall(html))), default=0)


_BREAK_RUN = re.compile(r"<br>(?:\s*<br>)+")


def nesting_depth(html: str) -> int:
    """How deep the page's elements nest, as a parser would count them."""
    walk = _Walk(MAX_DEPTH, write=False)
    walk.run(html)
    return walk.deepest


def flatten_deep_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """The page unchanged when it nests no deeper than `max_depth`; else with the tags below
    that depth dropped but for paragraph marks, every piece of text kept in order."""
    if _depth_bound(html) <= max_depth or nesting_depth(html) <= max_depth:
        return html
    walk = _Walk(max_depth, write=True)
    walk.run(html)
    return "".join(walk.out)


class _Walk:
    """The open elements over a page, and (when writing) the page flattened below a depth."""

    def __init__(self, max_depth: int, *, write: bool) -> None:
        self.max_depth = max_depth
        self.write = write
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: name, whether its tag was kept
        self.open_names: dict[str, int] = {}
        self.paragraphs_below = 0  # kept paragraph marks open below the cut
        self.deepest = 0

    def run(self, html: str) -> None:
        """Walk the page's tokens in order."""
        position = 0
        for token in _TOKEN.finditer(html):
            if self.write:
                self.out.append(html[position : token.start()])
            position = token.end()
            kept = self._token(token)
            if self.write:
                name = (token.group(3) or "").lower()
                self.out.append(token.group(0) if kept else "<br>" if name in _BLOCKS else " ")
        if self.write:
            self.out.append(html[position:])
            # One line break for a run of dropped blocks: a parser given 100,000 of them
            # in a row takes minutes over them.
            flat = _BREAK_RUN.sub("<br>", "".join(self.out))
            self.out = [flat]

    def _token(self, token: re.Match[str]) -> bool:
        name = (token.group(3) or "").lower()
        if not name or token.group(4) or name in _VOID:
            return len(self.stack) < self.max_depth or not name or name in _KEPT_BELOW
        if token.group(2):
            return self._close(name)
        siblings = _SELF_CLOSING_SIBLINGS.get(name)
        if siblings and self.stack and self.stack[-1][0] in siblings:
            self._pop(len(self.stack) - 1)
        below = len(self.stack) >= self.max_depth
        kept = not below or (
            name in _KEPT_BELOW and name not in _KEPT_BELOW_NESTABLE and not self.paragraphs_below
        )
        self.stack.append((name, kept))
        self.open_names[name] = self.open_names.get(name, 0) + 1
        self.paragraphs_below += below and kept
        self.deepest = max(self.deepest, len(self.stack))
        return kept

    def _close(self, name: str) -> bool:
        """Close the innermost open `name` (and what it holds); whether its tag was kept. A
        closing tag with no open element is dropped, as a parser ignores it."""
        if not self.open_names.get(name):
            return False
        index = len(self.stack) - 1
        while self.stack[index][0] != name:
            index -= 1
        kept = self.stack[index][1]
        self._pop(index)
        return kept

    def _pop(self, index: int) -> None:
        while len(self.stack) > index:
            name, kept = self.stack.pop()
            self.open_names[name] -= 1
            self.paragraphs_below -= kept and len(self.stack) >= self.max_depth
