"""One reader and editor of HTML pages: the post-render steps and the tests use it alone.

A ``Page`` is the source text and the elements found in it, each with where its start tag,
its content and its end tag are (offsets into the source). An edit names a span of an
element (its start tag, one attribute, its content, the whole element) and the new text;
``Page.edited()`` splices the edits into the source, so every byte outside them stays as
Quarto wrote it, and the text of an inline script, which ``portfolio.build.csp`` hashes,
is the source's own.

It is built on Python's ``html.parser``: it tokenises as browsers do where Quarto's pages
need it (``<script>`` and ``<style>`` as raw text, attribute values quoted either way or
not at all, character references), says where each token starts (``getpos``,
``get_starttag_text``), and comes with Python, so the engine needs no new dependency. The
others at hand do not keep positions: lxml (here only through the tests' extruct) gives an
element its line, not its offset, and html5lib, BeautifulSoup and html5-parser build a tree
that is written out again, which changes bytes nobody edited and the text that the policy's
hashes cover. Where an attribute lies inside its start tag is found by
``_attribute_spans``, which follows the HTML tokenizer's attribute states, and checked
against the parser's attributes by the tests.

Elements nest as their tags say: an end tag closes the nearest open element of its name
(and those opened inside it). Ends that HTML implies without a tag (``<p>`` before a
``<div>``) are not inferred; Quarto (pandoc) writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from portfolio.exceptions import PortfolioError

#: Elements that have no end tag.
VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source")
    + ("track", "wbr")
)
_SPACE = " \t\n\r\f"


class MarkupNotFound(PortfolioError):
    """A page lacks the markup an edit needs (Quarto may have changed how it writes it)."""


@dataclass(frozen=True)
class Attribute:
    """One attribute of a start tag: its name and where it lies in the source."""

    name: str
    start: int
    end: int
    #: The span of the value between its quotes (of the whole value when unquoted).
    value_span: tuple[int, int] | None


@dataclass(eq=False)
class Element:
    """An element: its name, attributes as parsed, and the spans of its tags."""

    name: str
    attrs: list[tuple[str, str | None]]
    start: int
    open_end: int
    #: Where its end tag starts (None: void, self-closing or never closed).
    close_start: int | None = None
    end: int = 0
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)

    def get(self, name: str, default: str | None = None) -> str | None:
        """The value of the attribute ``name`` (the first one, as browsers read it)."""
        for key, value in self.attrs:
            if key == name:
                return default if value is None else value
        return default

    def has(self, name: str) -> bool:
        """Whether the start tag carries the attribute ``name``."""
        return any(key == name for key, _ in self.attrs)

    @property
    def classes(self) -> list[str]:
        """The tokens of its ``class`` attribute."""
        return (self.get("class") or "").split()

    def children_named(self, name: str) -> list[Element]:
        """Its child elements called ``name``."""
        return [child for child in self.children if child.name == name]


@dataclass(frozen=True)
class Text:
    """A run of text (references resolved) and the element it is in."""

    data: str
    start: int
    parent: Element | None


class _Scanner(HTMLParser):
    """Records each token with where it starts; ``Page`` makes elements of them."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0]
        at = source.find("\n")
        while at >= 0:
            self.lines.append(at + 1)
            at = source.find("\n", at + 1)
        self.tokens: list[tuple[str, int, object]] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", self._at(), (tag, attrs, self.get_starttag_text(), False)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", self._at(), (tag, attrs, self.get_starttag_text(), True)))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", self._at(), tag))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("text", self._at(), data))


class Page:
    """An HTML page (or fragment), its elements and texts, and the edits made to it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.elements: list[Element] = []
        self.texts: list[Text] = []
        self._edits: list[tuple[int, int, str]] = []
        self._removed: list[tuple[int, int]] = []
        scanner = _Scanner(source)
        scanner.feed(source)
        scanner.close()
        self._build(scanner.tokens)

    @classmethod
    def read(cls, path: Path) -> Page:
        """The page in the file ``path`` (UTF-8, its line ends as they are)."""
        return cls(path.read_bytes().decode("utf-8"))

    def _build(self, tokens: list[tuple[str, int, object]]) -> None:
        """Elements from the tokens: end tags close the nearest open element of their name."""
        open_: list[Element] = []
        for kind, at, payload in tokens:
            parent = open_[-1] if open_ else None
            if kind == "text":
                self.texts.append(Text(payload, at, parent))
            elif kind == "start":
                name, attrs, text, closed = payload
                element = Element(name, attrs, at, at + len(text), parent=parent)
                element.end = element.open_end
                self.elements.append(element)
                if parent is not None:
                    parent.children.append(element)
                if not closed and name not in VOID:
                    open_.append(element)
            elif any(element.name == payload for element in open_):
                while True:
                    element = open_.pop()
                    if element.name == payload:
                        element.close_start = at  # html.parser ends it at the first ">"
                        element.end = self.source.index(">", at) + 1
                        break
                    element.end = at
        for element in open_:
            element.end = len(self.source)

    def find_all(
        self, tag: str | None, /, within: Element | None = None, **attrs: str
    ) -> list[Element]:
        """The elements called ``tag`` (any when None; inside ``within``) with the given
        attribute values (``class_`` for ``class``, ``_`` for ``-`` in a name), in document
        order; those removed by an edit of this page are gone."""
        wanted = {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}
        return [
            element
            for element in self.elements
            if (tag is None or element.name == tag)
            and (within is None or within.open_end <= element.start < self.content_end(within))
            and all(element.get(key) == value for key, value in wanted.items())
            and not any(start <= element.start < end for start, end in self._removed)
        ]

    def find(
        self, tag: str | None, /, within: Element | None = None, **attrs: str
    ) -> Element | None:
        """The first of ``find_all``, or None."""
        found = self.find_all(tag, within, **attrs)
        return found[0] if found else None

    def content_end(self, element: Element) -> int:
        """Where the element's content ends (its end tag, or where it was closed)."""
        return element.end if element.close_start is None else element.close_start

    def inner(self, element: Element) -> str:
        """The element's content as written (a script's text, exactly)."""
        return self.source[element.open_end : self.content_end(element)]

    def strings(self, element: Element | None = None) -> list[str]:
        """The runs of text inside ``element`` (the whole page's when None), references
        resolved, scripts and styles left out."""
        begin = 0 if element is None else element.open_end
        end = len(self.source) if element is None else self.content_end(element)
        return [
            text.data
            for text in self.texts
            if begin <= text.start < end
            and (text.parent is None or text.parent.name not in ("script", "style"))
        ]

    def text(self, element: Element | None = None, separator: str = " ") -> str:
        """The text inside ``element`` (the whole page's when None), each tag counted as
        ``separator``."""
        return separator.join(self.strings(element))

    def attribute(self, element: Element, name: str) -> Attribute | None:
        """The attribute ``name`` of the element's start tag, with its spans."""
        for attribute in self.attributes(element):
            if attribute.name == name:
                return attribute
        return None

    def attributes(self, element: Element) -> list[Attribute]:
        """Every attribute of the element's start tag, with its spans."""
        return _attribute_spans(self.source, element.start, element.open_end)

    # Edits: each replaces a span of the source; ``edited`` applies them all.

    def replace(self, start: int, end: int, text: str) -> None:
        """Put ``text`` in place of the source's ``start:end``."""
        self._edits.append((start, end, text))

    def insert(self, at: int, text: str) -> None:
        """Put ``text`` at the offset ``at``."""
        self.replace(at, at, text)

    def insert_before(self, element: Element, text: str) -> None:
        """Put ``text`` right before the element."""
        self.insert(element.start, text)

    def insert_after(self, element: Element, text: str) -> None:
        """Put ``text`` right after the element."""
        self.insert(element.end, text)

    def insert_at_end(self, element: Element, text: str, what: str) -> None:
        """Put ``text`` right before the element's end tag; without one, raise
        ``MarkupNotFound`` naming ``what`` was to go there."""
        if element.close_start is None:
            raise MarkupNotFound(f"no </{element.name}> to put {what} before")
        self.insert(element.close_start, text)

    def replace_inner(self, element: Element, text: str) -> None:
        """Put ``text`` in place of the element's content."""
        self.replace(element.open_end, self.content_end(element), text)

    def remove(self, element: Element, newline: Literal["before", "after"] | None = None) -> None:
        """Remove the element, with the line break right ``before`` or ``after`` it."""
        start, end = element.start, element.end
        if newline == "before" and self.source[start - 1 : start] == "\n":
            start -= 1
        if newline == "after" and self.source[end : end + 1] == "\n":
            end += 1
        self.replace(start, end, "")
        self._removed.append((element.start, element.end))

    def set_attribute(self, element: Element, name: str, value: str) -> None:
        """Give the element's attribute ``name`` the ``value``, in its own quotes; an
        element without it gets it added (``add_attribute``)."""
        attribute = self.attribute(element, name)
        if attribute is None:
            self.add_attribute(element, name, value)
        elif attribute.value_span and self.source[attribute.value_span[0] - 1] in "\"'":
            quote = self.source[attribute.value_span[0] - 1]
            text = escape(value, quote=False).replace(quote, "&#34;" if quote == '"' else "&#39;")
            self.replace(*attribute.value_span, text)
        else:
            self.replace(attribute.start, attribute.end, f'{name}="{escape(value)}"')

    def replace_attribute(self, element: Element, name: str, text: str) -> None:
        """Put ``text`` (markup: attributes) in place of the element's attribute ``name``."""
        attribute = self.attribute(element, name)
        if attribute is None:
            raise MarkupNotFound(f"no {name} attribute on <{element.name}>")
        self.replace(attribute.start, attribute.end, text)

    def add_attribute(self, element: Element, name: str, value: str | None = None) -> None:
        """Add the attribute ``name`` (with ``value``, if any) right after the tag's name."""
        text = f" {name}" if value is None else f' {name}="{escape(value)}"'
        self.insert(element.start + 1 + len(element.name), text)

    def write(self, path: Path) -> bool:
        """Write the edited page to ``path`` if it changed; return whether it did."""
        text = self.edited()
        if text != self.source:
            path.write_bytes(text.encode("utf-8"))
        return text != self.source

    def edited(self) -> str:
        """The source with every edit made; edits that overlap raise ``ValueError``."""
        return splice(self.source, self._edits)


def edited(html: str, step: Callable[..., None], *args: object) -> str:
    """``html`` with one page edit applied: ``step(page, *args)`` on its parsed ``Page``."""
    page = Page(html)
    step(page, *args)
    return page.edited()


def splice(source: str, edits: list[tuple[int, int, str]]) -> str:
    """``source`` with each ``(start, end, text)`` put in place of ``source[start:end]``;
    insertions at one offset keep their order."""
    out, last = [], 0
    for start, end, text in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < last:
            raise ValueError(f"edits overlap at offset {start}")
        out += [source[last:start], text]
        last = end
    return "".join(out) + source[last:]


def _attribute_spans(source: str, start: int, end: int) -> list[Attribute]:
    """The attributes of the start tag ``source[start:end]``, following the HTML
    tokenizer's states (before name, name, after name, before value, value)."""
    i = start + 1
    while i < end and source[i] not in _SPACE + "/>":
        i += 1
    found = []
    while i < end:
        while i < end and source[i] in _SPACE + "/":
            i += 1
        if i >= end or source[i] == ">":
            break
        name_start = i
        i += 1  # a name may start with "="
        while i < end and source[i] not in _SPACE + "/>=":
            i += 1
        name_end, span = i, None
        j = i
        while j < end and source[j] in _SPACE:
            j += 1
        if j < end and source[j] == "=":
            j += 1
            while j < end and source[j] in _SPACE:
                j += 1
            if j < end and source[j] in "\"'":
                close = source.find(source[j], j + 1, end)
                close = end - 1 if close < 0 else close
                span, i = (j + 1, close), close + 1
            else:
                i = j
                while i < end and source[i] not in _SPACE + ">":
                    i += 1
                span = (j, i)
        found.append(Attribute(source[name_start:name_end].lower(), name_start, i, span))
    return found


def text_of(fragment: str) -> str:
    """The text of an HTML fragment: tags as spaces, references resolved, spaces folded."""
    return " ".join(Page(fragment).text().split())
