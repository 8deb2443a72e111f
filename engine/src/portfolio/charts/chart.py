"""How a figure is shown: one display object for the Quarto site and for JupyterLab.

``show(fig, name=..., caption=...)`` returns a ``Chart`` whose display bundle carries

- ``application/vnd.plotly.v1+json``: JupyterLab and Binder draw it with their plotly
  extension;
- ``text/markdown``: what Quarto puts in the page, a raw HTML block holding a ``<figure>``
  with a placeholder of the chart's height, the figure as JSON, its caption and a
  ``<details>`` table of the same data for keyboard and screen-reader users.

No ``text/html`` is sent: Quarto treats any HTML output as a JavaScript widget and loads
require.js and jQuery from a CDN for it. The page draws nothing inline either: the site's
``assets/plotly/charts.js`` (loaded by ``theme/charts.html`` on pages with a chart) fetches
plotly.js when a chart nears the viewport, then draws each chart in the page's theme.

``links`` maps point ids (``"role:<id>"``, see ``figures``) to URLs relative to the page: a
click on such a point opens it, and the data table links the same items.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from portfolio.charts.theme import LIGHT

CONFIG = {"responsive": True, "displaylogo": False}
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
FIGURE_CLASS = "portfolio-chart"
PLOT_CLASS = "portfolio-plot"
DEFAULT_HEIGHT = 450  # plotly's own default, for figures that set none
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Chart:
    """A figure with its name (a slug naming the chart), caption and text alternative."""

    figure: go.Figure
    name: str
    caption: str
    table: pd.DataFrame | None = None
    links: dict[str, str] = field(default_factory=dict)

    def point_links(self) -> dict[str, str]:
        """The links of the figure's points that have one."""
        ids = {point for trace in self.figure.data for point in (trace.ids or ())}
        return {point: url for point, url in sorted(self.links.items()) if point in ids}

    def site_json(self) -> str:
        """The figure as the site draws it: data, layout without template, config, links.

        The template is left out (the page applies its light or dark one); every ``<`` is
        escaped so no text can end the ``<script>`` element that holds the JSON.
        """
        spec = json.loads(self.figure.to_json())
        spec["layout"].pop("template", None)
        spec["config"] = CONFIG
        spec["links"] = self.point_links()
        text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return text.replace("<", "\\u003c")

    def to_html(self) -> str:
        """The HTML fragment for the site: a figure that the site's chart script draws."""
        height = self.figure.layout.height or DEFAULT_HEIGHT
        caption = html.escape(self.caption)
        return (
            f'<figure class="{FIGURE_CLASS}" data-chart="{self.name}">\n'
            f'<div class="{PLOT_CLASS}" style="height:{int(height)}px"></div>\n'
            f'<script type="application/json">{self.site_json()}</script>\n'
            f"<figcaption>{caption}</figcaption>\n"
            f"<details><summary>{caption}: the data as a table</summary>\n"
            f"{self._table_html()}\n</details>\n</figure>\n"
        )

    def to_markdown(self) -> str:
        """The HTML fragment as a raw HTML block, fenced longer than any backtick run in it."""
        fragment = self.to_html()
        longest = max((len(run) for run in _BACKTICKS.findall(fragment)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}{{=html}}\n{fragment}{fence}\n"

    def _table_html(self) -> str:
        if self.table is not None:
            return self.table.to_html(index=False, escape=True, border=0, classes="table table-sm")
        return figure_table(self.figure, self.point_links())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The plotly mimetype (JupyterLab) and the page fragment as markdown (Quarto)."""
        return {
            PLOTLY_MIMETYPE: json.loads(self.figure.to_json()) | {"config": CONFIG},
            "text/markdown": self.to_markdown(),
            "text/plain": f"Chart {self.name!r}: {self.caption}",
        }


def show(
    fig: go.Figure,
    *,
    name: str,
    caption: str,
    table: pd.DataFrame | None = None,
    links: dict[str, str] | None = None,
) -> Chart:
    """Wrap ``fig`` for display in JupyterLab and on the site.

    ``name`` is a stable slug naming the chart; ``table`` is the text alternative (default:
    every point's hover text, trace by trace, linked through ``links``). The figure takes
    the site's light template, which JupyterLab shows; the site draws it in the page's
    light or dark template.
    """
    if not SLUG.fullmatch(name):
        raise ValueError(f"chart name must be a slug like 'career-timeline', not {name!r}")
    fig.update_layout(template=LIGHT)
    return Chart(fig, name, caption, table, dict(links or {}))


def figure_table(fig: go.Figure, links: dict[str, str] | None = None) -> str:
    """An HTML table of every point: its series, then the lines its hover shows, linked to
    the point's record when ``links`` has its id.

    Text is unescaped then escaped once, so both the figures' pre-escaped ``customdata``
    and raw text from any other figure come out as plain text.
    """
    links = links or {}
    rows = []
    for trace in fig.data:
        ids = list(trace.ids or ())
        for index, point in enumerate(trace.customdata if trace.customdata is not None else ()):
            lines = point if isinstance(point, list | tuple) else [point]
            details = " · ".join(_plain(line) for line in lines if str(line))
            url = links.get(ids[index]) if index < len(ids) else None
            if url:
                details = f'<a href="{html.escape(url)}">{details}</a>'

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
