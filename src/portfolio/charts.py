"""How a figure is shown: one display object for the Quarto site and for JupyterLab.

``show(fig, name=..., caption=...)`` returns a ``Chart`` whose display bundle carries

- ``application/vnd.plotly.v1+json``: JupyterLab and Binder draw it with their plotly
  extension;
- ``text/html``: what Quarto puts in the page. A ``<figure>`` holding the chart, its
  caption and a ``<details>`` table of the same data for keyboard and screen-reader users.

The site serves plotly.js itself (``assets/plotly/``, see ``portfolio.assets``). The first
chart of a page also carries the ``<script>`` tags that load plotly.js and the theme
script, and the light and dark templates as JSON; later charts leave them out. A page is
one kernel session; Quarto may reuse a kernel for the next render of the same page
(``quarto preview``), but its setup cell runs ``%reset`` first, so the marker lives in
IPython's user namespace when there is one. ``reset_page()`` starts over.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from .links import LinkError, project_root
from .theme import LIGHT, template_json

CONFIG = {"responsive": True, "displaylogo": False}
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
PLOTLY_JS = "assets/plotly/plotly-basic.min.js"
THEME_JS = "assets/plotly/theme.js"
TEMPLATES_ID = "portfolio-plotly-templates"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

SENT = "_portfolio_chart_scripts_sent"
_process: dict[str, bool] = {}


def _page_state() -> dict:
    """Where "scripts sent" is kept: IPython's user namespace, else this process."""
    from IPython import get_ipython  # a dependency of ipykernel; imported only when needed

    shell = get_ipython()
    return _process if shell is None else shell.user_ns


def reset_page() -> None:
    """Forget that the scripts were sent: the next chart includes them again."""
    _page_state().pop(SENT, None)
    _process.pop(SENT, None)


def project_offset(start: Path | None = None) -> str:
    """Relative path from ``start`` (default: cwd) up to the Quarto project root.

    ``""`` at the root, ``"../"`` one folder down, and ``""`` when no ``_quarto.yml``
    is found (the page is then assumed to sit at the root).
    """
    here = (start or Path.cwd()).resolve()
    try:
        root = project_root(here)
    except LinkError:
        return ""
    return "../" * len(here.relative_to(root).parts)


def page_scripts(offset: str) -> str:
    """The tags that load plotly.js, the two templates and the theme script."""
    templates = json.dumps(
        {"light": template_json("light"), "dark": template_json("dark")},
        sort_keys=True,
        separators=(",", ":"),
    ).replace("</", "<\\/")
    return (
        f'<script src="{html.escape(offset + PLOTLY_JS)}"></script>\n'
        f'<script type="application/json" id="{TEMPLATES_ID}">{templates}</script>\n'
        f'<script src="{html.escape(offset + THEME_JS)}"></script>\n'
    )


@dataclass(frozen=True)
class Chart:
    """A figure with its name (the div id), caption and text alternative."""

    figure: go.Figure
    name: str
    caption: str
    table: pd.DataFrame | None = None
    scripts: str = field(default="", repr=False)

    def to_html(self) -> str:
        """The HTML fragment for the site (scripts first, when this chart carries them)."""
        chart = self.figure.to_html(
            full_html=False, include_plotlyjs=False, div_id=self.name, config=CONFIG
        )
        caption = html.escape(self.caption)
        return (
            f"{self.scripts}"
            f'<figure class="portfolio-chart" id="{html.escape(self.name)}-figure">\n'
            f"{chart}\n"
            f"<figcaption>{caption}</figcaption>\n"
            f"<details><summary>{caption}: the data as a table</summary>\n"
            f"{self._table_html()}\n</details>\n</figure>\n"
        )

    def _table_html(self) -> str:
        if self.table is not None:
            return self.table.to_html(index=False, escape=True, border=0, classes="table table-sm")
        return figure_table(self.figure)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Both the plotly mimetype (JupyterLab) and the HTML fragment (Quarto)."""
        return {
            PLOTLY_MIMETYPE: json.loads(self.figure.to_json()) | {"config": CONFIG},
            "text/html": self.to_html(),
            "text/plain": f"Chart {self.name!r}: {self.caption}",
        }


def show(fig: go.Figure, *, name: str, caption: str, table: pd.DataFrame | None = None) -> Chart:
    """Wrap ``fig`` for display; the first chart of the page also loads the scripts.

    ``name`` is a stable slug (the chart's div id); ``table`` is the text alternative
    (default: every point's hover text, trace by trace). The figure takes the site's light
    template, as every chart starts in it (the theme script switches it in dark mode).
    """
    if not SLUG.fullmatch(name):
        raise ValueError(f"chart name must be a slug like 'career-timeline', not {name!r}")
    fig.update_layout(template=LIGHT)
    state = _page_state()
    scripts = "" if state.get(SENT) else page_scripts(project_offset())
    state[SENT] = True
    return Chart(fig, name, caption, table, scripts)


def figure_table(fig: go.Figure) -> str:
    """An HTML table of every point: its series, then the lines its hover shows.

    Text is unescaped then escaped once, so both the figures' pre-escaped ``customdata``
    and raw text from any other figure come out as plain text.
    """
    rows = []
    for trace in fig.data:
        for point in trace.customdata if trace.customdata is not None else ():
            lines = point if isinstance(point, list | tuple) else [point]
            details = " · ".join(_plain(line) for line in lines if str(line))
            rows.append(
                f'<tr><th scope="row">{_plain(trace.name or "")}</th><td>{details}</td></tr>'
            )
    body = "\n".join(rows) or '<tr><td colspan="2">No data</td></tr>'
    return (
        '<table class="table table-sm">\n'
        '<thead><tr><th scope="col">Series</th><th scope="col">Item</th></tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _plain(cell: object) -> str:
    """A hover fragment as escaped plain text: line breaks become spaces."""
    return html.escape(html.unescape(str(cell).replace("<br>", " ")))
