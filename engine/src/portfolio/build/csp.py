"""A strict Content-Security-Policy for every rendered page (run by the post-render step).

Each page gets a ``<meta http-equiv="Content-Security-Policy">`` right after its
``<meta charset>``, before any script: scripts only from the site itself (``'self'``) plus the
SHA-256 hashes of that page's own inline scripts, never ``'unsafe-inline'`` or
``'unsafe-eval'``. Quarto's inline event handlers (the dark-mode toggle, the navbar
toggler, back to top, a listing's sort and categories) are turned into attributes that a site
script acts on before the policy is made (``portfolio.build.pagescripts``); a handler that
step does not know is allowed by its hash with ``'unsafe-hashes'``, so no other handler can
run. An injected ``<script>`` or handler, whatever it holds, is blocked.

Hosts that read a ``_headers`` file (Netlify, Cloudflare Pages) send the same policy as a
header with ``frame-ancestors 'none'`` (which a ``<meta>`` cannot carry) and
``X-Content-Type-Options``, ``Referrer-Policy`` and ``Permissions-Policy``.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
from pathlib import Path

from portfolio.build.markup import Page, edited

#: Directives every page shares; ``script-src`` is added per page.
BASE_DIRECTIVES = (
    "default-src 'self'",
    # Bootstrap's stylesheet draws some icons as data: SVGs; anchor.js adds its icon font
    # as a data: URL.
    "img-src 'self' data:",
    "font-src 'self' data:",
    # plotly.js, tippy and Quarto set inline styles; the rule is about scripts.
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
#: What only a header can say: no site may frame the pages.
HEADER_ONLY = "frame-ancestors 'none'"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
#: Script types the browser runs (an empty type is JavaScript); data blocks are not run.
SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript"}
META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'


def sha256_source(text: str) -> str:
    """The CSP source expression of ``text``'s SHA-256 (``'sha256-<base64>'``)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _page(html: str | Page) -> Page:
    return html if isinstance(html, Page) else Page(html)


def inline_scripts(html: str | Page) -> list[str]:
    """The text of every inline script the browser runs, in page order, exactly as written."""
    page = _page(html)
    return [
        page.inner(script)
        for script in page.find_all("script")
        if not script.has("src") and (script.get("type") or "").strip().lower() in SCRIPT_TYPES
    ]


def inline_handlers(html: str | Page) -> list[str]:
    """The code of every inline event handler (``onclick=`` and the like), unescaped."""
    return [
        value
        for element in _page(html).find_all(None)
        for name, value in element.attrs
        if name.startswith("on") and name[2:].isalpha() and name.isascii() and value is not None
    ]


def script_src(html: str | Page) -> str:
    """The page's ``script-src``: itself, its inline scripts and handlers by hash."""
    page = _page(html)
    sources = ["'self'"]
    sources += dict.fromkeys(sha256_source(text) for text in inline_scripts(page))
    handlers = dict.fromkeys(sha256_source(code) for code in inline_handlers(page))
    if handlers:
        sources += ["'unsafe-hashes'", *handlers]
    return "script-src " + " ".join(sources)


def page_policy(html: str | Page) -> str:
    """The page's policy for its ``<meta>``."""
    return "; ".join((*BASE_DIRECTIVES, script_src(html)))


def edit_drop_policy(page: Page) -> None:
    """Remove the page's policy ``<meta>`` elements, each with the line break before it."""
    for meta in page.find_all("meta"):
        if (meta.get("http-equiv") or "").lower() == "content-security-policy":
            page.remove(meta, newline="before")


def remove_policy(html: str) -> str:
    """``html`` without its policy (a preview's pages: Quarto injects its reload script)."""
    return edited(html, edit_drop_policy)


def add_policy(html: str) -> tuple[str, str | None]:
    """The page with its policy (replacing an older one) right after its ``<meta charset>``
    (which must stay in the first 1024 bytes) or else first in its head, before any script;
    and the policy. A document without ``<head>`` is returned as it is, with ``None``."""
    page = Page(html)
    head = page.find("head")
    if head is None:
        return html, None
    edit_drop_policy(page)
    first = head.children[0] if head.children else None
    charset = first if first is not None and first.name == "meta" and first.has("charset") else None
    policy = page_policy(page)
    tag = META.format(policy=html_lib.escape(policy, quote=False))
    page.insert(head.open_end if charset is None else charset.end, "\n" + tag)
    return page.edited(), policy


def page_urls(path: str) -> list[str]:
    """The URL paths a static host serves the page ``path`` (relative to the site) at."""
    url = "/" + path
    if path == "index.html" or path.endswith("/index.html"):
        return [url[: -len("index.html")], url]
    return [url, url[: -len(".html")]]


def headers_file(policies: dict[str, str]) -> str:
    """The ``_headers`` file: security headers for every path, each page's policy."""
    lines = ["/*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    lines.append(f"  Content-Security-Policy: {HEADER_ONLY}; object-src 'none'; base-uri 'self'")
    for path, policy in sorted(policies.items()):
        for url in page_urls(path):
            lines += [url, f"  Content-Security-Policy: {policy}; {HEADER_ONLY}"]
    return "\n".join(lines) + "\n"


def write_headers(site: Path, policies: dict[str, str]) -> Path:
    """Write ``_headers`` at the site's root; return its path."""
    target = site / "_headers"
    target.write_text(headers_file(policies), encoding="utf-8")
    return target
