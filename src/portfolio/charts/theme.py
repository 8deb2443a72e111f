"""Plotly templates that match the site's Bootswatch themes, and the chart palette.

``portfolio-light`` follows Quarto's ``cosmo`` theme and ``portfolio-dark`` its ``darkly``
theme (body background, text colour, greys for the grid). The font is the site's: its
``theme/*.scss`` replace the Bootswatch web fonts with the system font stack, so the
charts use that stack too. The templates are kept small on purpose: they are embedded in
every figure's JSON.
"""

from __future__ import annotations

from typing import Literal

import plotly.graph_objects as go
import plotly.io as pio

Mode = Literal["light", "dark"]

#: Okabe-Ito colour-blind-safe palette (black left out: it disappears on the dark theme).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)

#: One colour per kind of career item, the same in every figure.
KIND_COLOURS: dict[str, str] = {
    "role": PALETTE[0],
    "patent": PALETTE[3],
    "paper": PALETTE[2],
    "press": PALETTE[4],
}

LIGHT = "portfolio-light"
DARK = "portfolio-dark"
TEMPLATE_NAMES: dict[Mode, str] = {"light": LIGHT, "dark": DARK}

#: The site's font stack (theme/light.scss, theme/dark.scss: no web fonts).
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

# Colours from Quarto's bundled Bootswatch themes (cosmo.scss, darkly.scss).
_SITE_THEMES: dict[Mode, dict[str, str]] = {
    "light": {
        "background": "#ffffff",
        "text": "#373a3c",
        "grid": "#e9ecef",
        "line": "#adb5bd",
    },
    "dark": {
        "background": "#222222",
        "text": "#ffffff",
        "grid": "#444444",
        "line": "#888888",
    },
}


def _axis(colours: dict[str, str]) -> dict:
    return {
        "gridcolor": colours["grid"],
        "linecolor": colours["line"],
        "zerolinecolor": colours["grid"],
        "tickcolor": colours["line"],
        "automargin": True,
    }


def make_template(mode: Mode) -> go.layout.Template:
    """A small template for one colour scheme: background, font, grid and palette."""
    colours = _SITE_THEMES[mode]
    return go.layout.Template(
        layout={
            "paper_bgcolor": colours["background"],
            "plot_bgcolor": colours["background"],
            "font": {"family": FONT, "color": colours["text"], "size": 13},
            "colorway": list(PALETTE),
            "xaxis": _axis(colours),
            "yaxis": _axis(colours),
            "legend": {"bgcolor": "rgba(0,0,0,0)"},
        }
    )


def register() -> None:
    """Add both templates to ``plotly.io.templates`` (idempotent)."""
    for mode, name in TEMPLATE_NAMES.items():
        pio.templates[name] = make_template(mode)


def template_json(mode: Mode) -> dict:
    """The template as plain JSON data, as the page's theme script applies it."""
    return make_template(mode).to_plotly_json()


def apply(fig: go.Figure, mode: Mode) -> go.Figure:
    """Give ``fig`` the light or dark template (in place); return it."""
    return fig.update_layout(template=make_template(mode))


register()
