"""Plotly templates that match the site's Bootswatch themes, and the chart colours.

One meaning per colour, site-wide: each kind of career item (role, patent, paper, press)
has its colour (``KIND_COLOURS``) on every chart, notebook charts included; employers,
media and any other grouping take ``GROUP_PALETTE``, which holds none of them, and so does
the templates' colorway (what a notebook's traces get when they set no colour).
``kind_colour_clashes`` finds a chart that breaks the rule (the tests run it on every chart
of the rendered site).

The templates also fit the margins to the content (plotly's default leaves a 100 px band
above every chart): axes, legends and titles push the margins out as far as they need.

``portfolio-light`` follows Quarto's ``cosmo`` theme and ``portfolio-dark`` its ``darkly``
theme (body background, text colour, greys for the grid). The font is the site's: its
``theme/*.scss`` replace the Bootswatch web fonts with Inter (served by the site), so the
charts use that stack too. The templates are kept small on purpose: they are embedded in
every figure's JSON.
"""

from __future__ import annotations

import re
from typing import Any, Literal

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
#: How a chart names each kind (legends, rows).
KIND_LABELS: dict[str, str] = {
    "role": "Roles",
    "patent": "Patents",
    "paper": "Papers",
    "press": "Press",
}
#: Colours for employers, media and any other grouping, and the templates' colorway: none
#: is a kind's, and each is far from every kind's (Okabe-Ito's orange, next to vermillion,
#: is left out).
GROUP_PALETTE: tuple[str, ...] = (
    PALETTE[5],  # sky blue
    "#999933",  # olive
    "#7570B3",  # violet
    PALETTE[6],  # yellow
    "#6E6E6E",  # grey
)
#: Colours that carry no meaning (outlines, the "now" line): never a clash.
NEUTRAL = frozenset({"#ffffff", "#000000", "#888888"})
#: Room at the top for a plot's first labels; axes, legends and titles push out the rest.
MARGIN = {"t": 16, "r": 8, "b": 8, "l": 8, "pad": 0}

LIGHT = "portfolio-light"
DARK = "portfolio-dark"
TEMPLATE_NAMES: dict[Mode, str] = {"light": LIGHT, "dark": DARK}

#: The site's font stack (theme/light.scss, theme/dark.scss: Inter, served by the site).
FONT = (
    '"Inter", "Inter Fallback", system-ui, -apple-system, "Segoe UI", Roboto, '
    '"Helvetica Neue", Arial, sans-serif'
)

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
            "colorway": list(GROUP_PALETTE),
            "margin": MARGIN,
            "title": {"automargin": True, "x": 0, "xanchor": "left", "font": {"size": 15}},
            "xaxis": _axis(colours),
            "yaxis": _axis(colours),
            "legend": {
                "bgcolor": "rgba(0,0,0,0)",
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 1.02,
                "yanchor": "bottom",
            },
        }
    )


def register() -> None:
    """Add both templates to ``plotly.io.templates`` (idempotent)."""
    for mode, name in TEMPLATE_NAMES.items():
        pio.templates[name] = make_template(mode)


def template_json(mode: Mode) -> dict:
    """The template as plain JSON data, as the page's theme script applies it."""
    return make_template(mode).to_plotly_json()


def _kind_of(trace: dict[str, Any]) -> tuple[str | None, bool]:
    """The kind a trace's points are (their ids, ``"<kind>:<id>"``, or its ``meta``'s
    ``kind``), or the kind it is
    named after ("Papers", "paper"); and whether it is named after it (it stands for the
    whole kind, so it must wear the kind's colour, where points of one kind may also be
    grouped, say by employer)."""
    name = re.sub(r"<[^>]+>", "", str(trace.get("name") or "")).strip().lower()
    names = {label.lower(): kind for kind, label in KIND_LABELS.items()} | {
        k: k for k in KIND_COLOURS
    }
    named = names.get(name) or names.get(name.removesuffix("s"))
    if named:
        return named, True
    meta = trace.get("meta")
    declared = meta.get("kind") if isinstance(meta, dict) else None  # meta={"kind": "paper"}
    kinds = {str(point).split(":", 1)[0] for point in trace.get("ids") or ()} or {declared}
    kind = kinds.pop() if len(kinds) == 1 else None
    return (kind if kind in KIND_COLOURS else None), False


def _colours(value: Any) -> set[str]:
    values = value if isinstance(value, list | tuple) else [value]
    return {item.lower() for item in values if isinstance(item, str) and item.startswith("#")}


def trace_colours(trace: dict[str, Any], default: str) -> set[str]:
    """The colours a trace (as JSON) is drawn in; ``default`` when it sets none."""
    marker, line = trace.get("marker") or {}, trace.get("line") or {}
    found = set().union(
        *(
            _colours(value)
            for value in (
                marker.get("color"),
                (marker.get("line") or {}).get("color"),
                line.get("color"),
                trace.get("fillcolor"),
            )
        )
    )
    return found or {default.lower()}


def kind_colour_clashes(spec: dict[str, Any], colorway: list[str] | None = None) -> list[str]:
    """What breaks "one meaning per colour" in a figure's JSON (``data`` and ``layout``):
    a kind drawn in another kind's colour or not in its own, any other trace in a kind's
    colour, a colorway holding a kind's colour. ``colorway`` is the template's (default:
    the site's)."""
    kind_of_colour = {colour.lower(): kind for kind, colour in KIND_COLOURS.items()}
    colorway = list(spec.get("layout", {}).get("colorway") or colorway or GROUP_PALETTE)
    clashes = [
        f"colorway holds {kind}'s {c}" for c in colorway if (kind := kind_of_colour.get(c.lower()))
    ]
    for index, trace in enumerate(spec.get("data", [])):
        kind, named = _kind_of(trace)
        colours = trace_colours(trace, colorway[index % len(colorway)]) - NEUTRAL
        meanings = {kind_of_colour.get(colour) for colour in colours}
        others = sorted(meaning for meaning in meanings - {None, kind} if meaning)
        name = trace.get("name") or f"trace {index}"
        if others:
            clashes.append(
                f"{name!r} ({kind or 'no kind'}) drawn in the colour of {', '.join(others)}"
            )
        elif named and meanings != {kind}:
            clashes.append(f"{name!r} stands for {kind} but is not drawn in {KIND_COLOURS[kind]}")
    return clashes


def apply(fig: go.Figure, mode: Mode) -> go.Figure:
    """Give ``fig`` the light or dark template (in place); return it."""
    return fig.update_layout(template=make_template(mode))


register()
