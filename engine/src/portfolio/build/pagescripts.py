"""Quarto's page scripts moved out of the pages (run by the post-render step).

- Quarto writes its page script (``quarto-html-after-body``: tooltips, code copy, anchors,
  the colour-scheme toggle; about 16 KB) into every page. All it does is register a
  ``DOMContentLoaded`` listener, so it moves to a file named by its content
  (``site_libs/quarto-html/after-body-<hash>.js``), linked with ``defer`` before Quarto's
  first deferred script: the listener is registered in the same order as before, each page
  is about 4 KB (gzipped) lighter, and the browser fetches the script once for the site.
- Quarto's inline event handlers (dark-mode toggle, navbar toggler, back to top, a
  listing's sort and categories) become ``data-portfolio-<event>`` attributes that
  ``assets/handlers.js`` acts on, so a page's policy needs no ``'unsafe-hashes'``. A
  handler this step does not know stays as it is, and the policy allows it by its hash.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from pathlib import Path

from portfolio.build.files import write_atomically
from portfolio.build.markup import MarkupNotFound, Page

LIBS = Path("site_libs", "quarto-html")
AFTER_BODY = "after-body-"
HANDLERS = Path("assets", "handlers.js")
#: The inline handlers that may be Quarto's, by attribute.
EVENTS = {"onclick": "click", "onchange": "change"}
#: Quarto's handlers as Quarto writes them, by the action ``assets/handlers.js`` gives
#: them; ``{}`` is the action's argument (a listing's id or a category).
ACTIONS = {
    "toggle-headroom": "if (window.quartoToggleHeadroom) { window.quartoToggleHeadroom(); }",
    "toggle-color-scheme": "window.quartoToggleColorScheme(); return false;",
    "back-to-top": "window.scrollTo(0, 0); return false;",
    "listing-category": "window.quartoListingCategory('{}'); return false;",
    "listing-sort": (
        "window['quarto-listings']['{}'].sort(this.options[this.selectedIndex].value, "
        "{ order: this.options[this.selectedIndex].getAttribute('data-direction')})"
    ),
    "sort-direction": (
        "if (this.classList.contains('sort-asc')) { this.classList.add('sort-desc'); "
        "this.classList.remove('sort-asc') } else { this.classList.add('sort-asc'); "
        "this.classList.remove('sort-desc')} return false;"
    ),
}
_ARGUMENT = r"([\w+/=-]*)"
_ACTIONS = {
    name: re.compile(_ARGUMENT.join(map(re.escape, code.split("{}"))))
    for name, code in ACTIONS.items()
}


def after_body_name(script: str) -> str:
    """The file name of Quarto's page script ``script``: its content's hash."""
    return f"{AFTER_BODY}{hashlib.sha256(script.encode()).hexdigest()[:16]}.js"


def move_after_body(html: str, offset: str, site: Path) -> str:
    """The page with Quarto's page script written to ``site`` and linked, deferred, before
    Quarto's first deferred script (the page as it is without either)."""
    page = Page(html)
    found = page.find("script", id="quarto-html-after-body")
    first = next((s for s in page.find_all("script") if s.has("defer") and s.has("src")), None)
    if found is None or first is None or first.start > found.start:
        return html
    script = page.inner(found)
    name = after_body_name(script)
    target = site / LIBS / name
    if not target.is_file():  # pages are edited in two processes
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, script)
    page.insert_before(first, f'<script defer src="{offset}{(LIBS / name).as_posix()}"></script>\n')
    page.remove(found, newline="after")
    return page.edited()


def linked_scripts(html: str) -> set[str]:
    """The names of the moved page scripts that the page ``html`` links."""
    names = (
        (script.get("src") or "").rsplit("/", 1)[-1]
        for script in Page(html).find_all("script")
        if script.has("defer")
    )
    return {name for name in names if name.startswith(AFTER_BODY) and name.endswith(".js")}


def remove_unlinked(site: Path, linked: set[str]) -> list[Path]:
    """Remove the moved page scripts whose names are not ``linked``; return them."""
    stale = [path for path in (site / LIBS).glob(f"{AFTER_BODY}*.js") if path.name not in linked]
    for path in stale:
        path.unlink()
    return stale


def _action(event: str, code: str) -> str | None:
    """The attributes that replace the handler ``code`` (unescaped), or None for an
    unknown one."""
    for name, pattern in _ACTIONS.items():
        found = pattern.fullmatch(code)
        if found:
            argument = found.groups()[0] if found.groups() else None
            attributes = f'data-portfolio-{event}="{name}"'
            if argument is not None:
                attributes += f' data-portfolio-arg="{html_lib.escape(argument)}"'
            return attributes
    return None


def edit_handlers(page: Page, offset: str) -> None:
    """Turn Quarto's known inline handlers into ``data-portfolio-`` attributes and link
    ``assets/handlers.js`` (deferred) at the end of the head once any was replaced. A page
    that needs the link and has no ``</head>`` raises ``MarkupNotFound``."""
    replaced = False
    for element in page.find_all(None):
        for attribute, event in EVENTS.items():
            code = element.get(attribute)
            attributes = None if code is None else _action(event, code)
            if attributes is not None:
                page.replace_attribute(element, attribute, attributes)
                replaced = True
    src = f"{offset}{HANDLERS.as_posix()}"
    if not replaced or page.find("script", src=src) is not None:
        return
    head = page.find("head")
    if head is None:
        raise MarkupNotFound(f"no <head> to link {HANDLERS.as_posix()} in")
    page.insert_at_end(head, f'<script defer src="{src}"></script>\n', HANDLERS.as_posix())
