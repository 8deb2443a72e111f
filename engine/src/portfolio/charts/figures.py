"""Plotly figures of the career data: DataFrames (from ``tables``) in, figures out.

Every function is pure and deterministic. Text from the data is HTML-escaped before it
reaches a label or hover (plotly renders a subset of HTML there). Each point that stands
for a record carries ``ids`` of the form ``"<kind>:<record id>"`` (``role:``, ``patent:``,
``paper:``, ``press:``), which ``portfolio.charts`` turns into links to the record's page; a
point of the overview that stands for a year's records carries ``targets.year_key``.
Dates are passed to plotly as ISO strings and durations as whole milliseconds, so the JSON
is stable. Only ``bar`` and ``scatter`` traces are used: the site serves plotly.js's basic
bundle.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from portfolio.charts.theme import GROUP_PALETTE, KIND_COLOURS, KIND_LABELS, LIGHT
from portfolio.data.dates import month_year, months_between, resolve_as_of, tenure_text
from portfolio.project.targets import is_year_key, year_key

HOVER_WIDTH = 44  # characters per hover line: fits a 375 px phone
TICK_WIDTH = 22  # characters per axis label before it is shortened
ONGOING_PATTERN = {"fillmode": "overlay", "fgcolor": "#ffffff", "size": 6, "solidity": 0.3}
MEDIA_NAMES = {"watch": "Video", "read": "Article", "listen": "Audio"}
MEDIA_SYMBOLS = {"watch": "triangle-right", "read": "circle", "listen": "square"}
KIND_NAMES = {kind: KIND_LABELS[kind] for kind in ("patent", "paper", "press")}


# -- text -------------------------------------------------------------------------------


def _esc(text: object) -> str:
    """``text`` safe to put in a plotly label: HTML special characters escaped."""
    return "" if text is None or text is pd.NA else html.escape(str(text))


def _wrap(text: object, width: int = HOVER_WIDTH) -> str:
    """Escaped text broken into ``<br>``-separated lines."""
    return "<br>".join(
        _esc(line)
        for line in textwrap.wrap(str(text), width, break_on_hyphens=False, break_long_words=False)
    ) or _esc(text)


def _short(text: object, width: int = TICK_WIDTH) -> str:
    """Escaped text cut to ``width`` characters with an ellipsis."""
    text = str(text)
    return _esc(text if len(text) <= width else text[: width - 1].rstrip() + "…")


def _iso(moment: pd.Timestamp) -> str:
    return moment.strftime("%Y-%m-%d")


def record_ids(kind: str, ids: Iterable[str]) -> list[str]:
    """The ``ids`` of a trace's points: ``"<kind>:<record id>"``."""
    return [f"{kind}:{record}" for record in ids]


def _hover(*lines: str) -> str:
    """A hovertemplate showing ``customdata`` fields as lines (first in bold)."""
    first, *rest = lines
    return "<br>".join([f"<b>{first}</b>", *rest]) + "<extra></extra>"


# -- layout -----------------------------------------------------------------------------


def _finish(fig: go.Figure, height: int, top: int = 8, **layout: object) -> go.Figure:
    """Shared layout: light template, responsive width, legend below, no drag-zoom.

    ``top`` is the top margin: room for labels above the plot.
    """
    fig.update_layout(
        template=LIGHT,
        autosize=True,
        height=height,
        margin={"l": 8, "r": 8, "t": top, "b": 8},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.12, "yanchor": "top"},
        hovermode="closest",
        hoverlabel={"align": "left"},
        **layout,
    )
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True, zeroline=False)
    return fig


def _note_if_empty(fig: go.Figure, count: int, what: str) -> None:
    """Say so on the chart when there is nothing to draw."""
    if not count:
        fig.add_annotation(
            text=f"No {what} yet", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5
        )
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)


def _rows(labels: Iterable[str]) -> dict[str, int]:
    """Each distinct label's row, top row first (row numbers count down to 0)."""
    order = list(dict.fromkeys(labels))
    return {label: len(order) - 1 - index for index, label in enumerate(order)}


def _dodge(keys: Sequence[object], spread: float = 0.3) -> list[float]:
    """Vertical offsets that separate items sharing a key (same row and date)."""
    counts = pd.Series(list(keys), dtype="object").value_counts(sort=False)
    seen: dict[object, int] = {}
    offsets = []
    for key in keys:
        count, index = counts[key], seen.get(key, 0)
        seen[key] = index + 1
        offsets.append(0.0 if count == 1 else spread * (2 * index / (count - 1) - 1))
    return offsets


def _row_axis(rows: dict[str, int]) -> dict:
    """A numeric y axis labelled with row names (numeric so items can be dodged)."""
    return {
        "tickvals": list(rows.values()),
        "ticktext": list(rows),
        "range": [-0.6, max(rows.values(), default=0) + 0.6],
        "showgrid": False,
        "zeroline": False,
    }


def _years(years: pd.Series) -> list[int] | None:
    """A year-axis range with a year of room on each side (None: let plotly choose)."""
    return [int(years.min()) - 1, int(years.max()) + 1] if len(years) else None


# -- roles ------------------------------------------------------------------------------


_SPAN_COLUMNS = [
    "id",
    "base",
    "ms",
    "title",
    "organisation",
    "dates",
    "tenure",
    "bullet",
    "ongoing",
]


def _role_spans(roles: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Start, duration in ms (to ``as_of`` if ongoing) and escaped hover text per role."""
    spans = []
    for role in roles.itertuples(index=False):
        end = max(role.start, pd.Timestamp(as_of)) if role.ongoing else role.end
        until = "present" if role.ongoing else month_year(end)
        spans.append(
            {
                "id": role.id,
                "base": _iso(role.start),
                "ms": int((end - role.start).total_seconds() * 1000),
                "title": _esc(role.title),
                "organisation": _esc(role.organisation),
                "dates": f"{month_year(role.start)} – {until}",
                "tenure": tenure_text(months_between(role.start, end)),
                "bullet": _wrap(role.first_bullet),
                "ongoing": bool(role.ongoing),
            }
        )
    return pd.DataFrame(spans, columns=_SPAN_COLUMNS)


_ROLE_HOVER = _hover(*(f"%{{customdata[{i}]}}" for i in range(5)))


def _role_bars(spans: pd.DataFrame, y: list, name: str, colour: str, width: float) -> go.Bar:
    """One bar per role; an ongoing role is hatched."""
    return go.Bar(
        orientation="h",
        base=list(spans["base"]),
        x=list(spans["ms"]),
        y=y,
        width=width,
        name=name,
        ids=record_ids("role", spans["id"]),
        customdata=spans[["title", "organisation", "dates", "tenure", "bullet"]].values.tolist(),
        hovertemplate=_ROLE_HOVER,
        marker={
            "color": colour,
            "line": {"width": 1.5, "color": "#ffffff"},
            "pattern": {**ONGOING_PATTERN, "shape": ["/" if o else "" for o in spans["ongoing"]]},
        },
    )


def _mark_as_of(fig: go.Figure, as_of: date) -> None:
    """A dotted line where "present" is, labelled with its month."""
    moment = pd.Timestamp(as_of)
    fig.add_shape(
        type="line",
        x0=_iso(moment),
        x1=_iso(moment),
        y0=0,
        y1=1,
        yref="paper",
        line={"dash": "dot", "width": 1, "color": "#888888"},
    )
    fig.add_annotation(
        text=f"now ({month_year(moment)})",
        x=_iso(moment),
        y=1,
        yref="paper",
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11},
    )


def _span(starts: pd.Series, as_of: date) -> list[str]:
    """A time-axis range from a little before the first start to just after ``as_of``.

    Set explicitly: plotly would otherwise widen it to make room for inside labels.
    """
    first = starts.min() if len(starts) else pd.Timestamp(as_of)
    return [
        _iso(first - pd.DateOffset(months=4)),
        _iso(pd.Timestamp(as_of) + pd.DateOffset(months=2)),
    ]


def career_timeline(roles: pd.DataFrame, as_of: date | str | None = None) -> go.Figure:
    """Gantt chart of the roles: one row per organisation, one colour per employer.

    Rows are labelled above their bars (room for long team names on a phone). The
    current role runs to ``as_of`` (a dotted "now" line) and is hatched.
    """
    as_of = resolve_as_of(as_of)
    rows = _rows(roles["organisation"])
    names = roles["team"].fillna(roles["employer"])
    labels = dict(zip(roles["organisation"], names.map(_esc), strict=True))
    chronological = roles.sort_values("start", kind="stable")
    spans = _role_spans(chronological, as_of)
    fig = go.Figure()
    for index, employer in enumerate(dict.fromkeys(chronological["employer"])):
        mine = (chronological["employer"] == employer).to_numpy()
        y = [rows[org] for org in chronological["organisation"][mine]]
        fig.add_trace(
            _role_bars(
                spans[mine], y, _esc(employer), GROUP_PALETTE[index % len(GROUP_PALETTE)], 0.5
            )
        )
    _note_if_empty(fig, len(roles), "roles")
    if len(roles):
        _mark_as_of(fig, as_of)
    for org, row in rows.items():
        fig.add_annotation(
            text=labels[org],
            x=0,
            xref="paper",
            xanchor="left",
            y=row + 0.27,
            yanchor="bottom",
            showarrow=False,
        )
    fig.update_xaxes(type="date", tickformat="%Y", range=_span(roles["start"], as_of))
    axis = {"visible": False, "range": [-0.5, len(rows) - 0.2]}
    return _finish(fig, 55 * len(rows) + 90, top=24, yaxis=axis, barmode="overlay")


# -- patents ----------------------------------------------------------------------------


def patents_timeline(patents: pd.DataFrame, as_of: date | str | None = None) -> go.Figure:
    """Granted patents as markers at their grant month; pending ones at their filing month.

    ``as_of`` ends the time axis, so the gap since the last grant is visible.
    """
    as_of = resolve_as_of(as_of)
    granted = patents[patents["status"] == "granted"]
    pending = patents[patents["status"] != "granted"]
    rows = _rows(["Granted"] * bool(len(granted)) + ["Pending"] * bool(len(pending)))
    fig = go.Figure()
    if len(granted):
        fig.add_trace(_patent_markers(granted, rows["Granted"], "Granted", "circle"))
    if len(pending):
        fig.add_trace(_patent_markers(pending, rows["Pending"], "Pending", "diamond-open"))
    _note_if_empty(fig, len(patents), "patents")
    start = patents["date"].min() if len(patents) else pd.Timestamp(as_of)
    fig.update_xaxes(
        type="date",
        tickformat="%Y",
        dtick="M12",  # one tick a year: a short span would otherwise repeat each year
        range=[_iso(start - pd.DateOffset(months=9)), _iso(pd.Timestamp(as_of))],
    )
    return _finish(fig, 90 + 50 * len(rows), yaxis=_row_axis(rows), showlegend=False)


def _patent_markers(patents: pd.DataFrame, row: int, status: str, symbol: str) -> go.Scatter:
    granted = status == "Granted"
    when = ("Granted " if granted else "Filed ") + patents["date"].map(month_year)
    number = patents["number"] if granted else patents["office"].map(_pending)
    return go.Scatter(
        x=list(patents["date"].map(_iso)),
        y=[row] * len(patents),
        mode="markers",
        name=status,
        ids=record_ids("patent", patents["id"]),
        marker={
            "symbol": symbol,
            "size": 14,
            "color": KIND_COLOURS["patent"],
            "line": {"width": 2, "color": KIND_COLOURS["patent"]},
        },
        customdata=list(zip(number.map(_esc), patents["title"].map(_wrap), when, strict=True)),
        hovertemplate=_hover("%{customdata[0]}", "%{customdata[1]}", "%{customdata[2]}"),
    )


def _pending(office: str | None) -> str:
    return f"Pending application ({office})" if isinstance(office, str) else "Pending application"


# -- publications -----------------------------------------------------------------------


UNDER_REVIEW = "Under review"
PAPER_ROW_HEIGHT = 44


def publications_chart(papers: pd.DataFrame, under_review: pd.DataFrame) -> go.Figure:
    """How many papers, and when: one bar per year with papers (newest on top), made of
    one segment per paper, and a hatched bar of the papers under review (no year yet).

    Each segment's hover names its paper and venue, and a click opens the paper. The rows
    are years, so their labels fit a phone; the count is written at each bar's end.
    """
    years = sorted(set(papers["year"].astype(int)), reverse=True)
    rows = _rows(([UNDER_REVIEW] if len(under_review) else []) + [str(year) for year in years])
    fig = go.Figure()
    if len(papers):
        fig.add_trace(_paper_segments(papers, rows))
    if len(under_review):
        fig.add_trace(_review_segments(under_review, rows[UNDER_REVIEW]))
    _note_if_empty(fig, len(rows), "papers")
    counts = papers["year"].astype(int).astype(str).value_counts().to_dict()
    counts |= {UNDER_REVIEW: len(under_review)} if len(under_review) else {}
    for row, count in counts.items():
        fig.add_annotation(
            text=f"<b>{count}</b>", x=count, y=rows[row], xanchor="left", showarrow=False, xshift=6
        )
    most = max(counts.values(), default=1)
    # Room after the longest bar for its count, on a phone too (a tenth of the bar: 2 digits).
    fig.update_xaxes(
        range=[0, most * 1.1 + 0.6], dtick=1, showgrid=False, showticklabels=False, zeroline=False
    )
    height = PAPER_ROW_HEIGHT * len(rows) + 100
    return _finish(fig, height, top=8, barmode="stack", yaxis=_row_axis(rows))


def _segments(count: int) -> dict:
    return {"x": [1] * count, "orientation": "h", "width": 0.6}


def _paper_segments(papers: pd.DataFrame, rows: dict[str, int]) -> go.Bar:
    notes = papers["notes"].map(lambda notes: f" ({_esc(', '.join(notes))})" if notes else "")
    when = papers["year"].astype(str) + notes
    return go.Bar(
        **_segments(len(papers)),
        y=[rows[str(year)] for year in papers["year"].astype(int)],
        name="Published",
        ids=record_ids("paper", papers["id"]),
        marker={"color": KIND_COLOURS["paper"], "line": {"width": 2, "color": "#ffffff"}},
        customdata=list(
            zip(papers["title"].map(_wrap), papers["venue_full"].map(_wrap), when, strict=True)
        ),
        hovertemplate=_hover("%{customdata[0]}", "%{customdata[1]}", "%{customdata[2]}"),
    )


def _review_segments(under_review: pd.DataFrame, row: int) -> go.Bar:
    return go.Bar(
        **_segments(len(under_review)),
        y=[row] * len(under_review),
        name=UNDER_REVIEW,
        meta={"kind": "paper"},
        marker={
            "color": KIND_COLOURS["paper"],
            "line": {"width": 2, "color": "#ffffff"},
            "pattern": {**ONGOING_PATTERN, "shape": "/"},
            "opacity": 0.7,
        },
        customdata=list(under_review["venue"].map(_wrap)),
        hovertemplate=_hover(UNDER_REVIEW, "%{customdata}"),
    )


# -- press ------------------------------------------------------------------------------


def press_chart(press: pd.DataFrame) -> go.Figure:
    """Press features by year (x) and outlet (rows, earliest feature on top); shape = media."""
    ordered = press.sort_values("year", kind="stable")
    rows = _rows(ordered["outlet"])
    y = [rows[outlet] for outlet in ordered["outlet"]]
    offsets = _dodge(list(zip(y, ordered["year"], strict=True)), spread=0.2)
    ordered = ordered.assign(row=[r + o for r, o in zip(y, offsets, strict=True)])
    fig = go.Figure()
    for media in dict.fromkeys(sorted(ordered["media"])):
        fig.add_trace(_press_markers(ordered[ordered["media"] == media], media))
    _note_if_empty(fig, len(press), "press features")
    fig.update_xaxes(tickformat="d", range=_years(press["year"]), nticks=4, tickangle=0)
    axis = _row_axis({_short(outlet): row for outlet, row in rows.items()})
    return _finish(fig, 34 * len(rows) + 110, yaxis=axis)


def _press_markers(items: pd.DataFrame, media: str) -> go.Scatter:
    """One medium's features, in the press colour (the medium is the marker's shape)."""
    return go.Scatter(
        x=list(items["year"]),
        y=list(items["row"]),
        mode="markers",
        name=MEDIA_NAMES.get(media, _esc(media)),
        ids=record_ids("press", items["id"]),
        marker={
            "symbol": MEDIA_SYMBOLS.get(media, "circle"),
            "size": 12,
            "color": KIND_COLOURS["press"],
        },
        customdata=list(
            zip(
                items["headline"].map(_wrap),
                items["outlet"].map(_esc) + ", " + items["year"].astype(str),
                strict=True,
            )
        ),
        hovertemplate=_hover("%{customdata[0]}", "%{customdata[1]}"),
    )


# -- everything -------------------------------------------------------------------------


def career_at_a_glance(
    roles: pd.DataFrame, events: pd.DataFrame, as_of: date | str | None = None
) -> go.Figure:
    """Roles as bars and patents, papers and press as markers on one time axis.

    One lane per kind; each kind is one legend entry, so a click hides or shows it.
    """
    as_of = resolve_as_of(as_of)
    kinds = [kind for kind in KIND_NAMES if (events["kind"] == kind).any()]
    rows = _rows([KIND_LABELS["role"]] * bool(len(roles)) + [KIND_NAMES[kind] for kind in kinds])
    fig = go.Figure()
    if len(roles):
        spans = _role_spans(roles.sort_values("start", kind="stable"), as_of)
        y = [rows[KIND_LABELS["role"]]] * len(spans)
        fig.add_trace(_role_bars(spans, y, KIND_LABELS["role"], KIND_COLOURS["role"], 0.5))
    for kind in kinds:
        fig.add_trace(_event_markers(events[events["kind"] == kind], kind, rows[KIND_NAMES[kind]]))
    _note_if_empty(fig, len(rows), "career items")
    if len(roles):
        _mark_as_of(fig, as_of)
    fig.update_xaxes(type="date", tickformat="%Y")
    return _finish(fig, 55 * len(rows) + 100, top=24, yaxis=_row_axis(rows))


#: At most this many points of one kind in one year on the overview; when a year has more,
#: each year of that kind shows as one point sized by its count (the hover gives the count
#: and a few titles), so hundreds of papers stay readable.
POINTS_PER_YEAR = 5
#: How many titles a year's point lists in its hover before "and N more".
TITLES_PER_YEAR = 3
_PLURALS = {"patent": "patents", "paper": "papers", "press": "press features"}


#: The size in px of a year's point with the most records of its kind (a record's is 10): on
#: a 390 px phone, years are about 13 px apart.
LARGEST_YEAR_POINT = 16


def _year_point(kind: str, year: int, events: pd.DataFrame, most: int) -> dict:
    """One point for all of a year's ``events`` of one kind: its count, a few titles; it
    grows with the count from a record's size (10) to ``LARGEST_YEAR_POINT`` for the year
    with ``most``."""
    count = len(events)
    titles = [_short(label, HOVER_WIDTH) for label in events["label"].head(TITLES_PER_YEAR)]
    more = [f"and {count - len(titles)} more"] if count > len(titles) else []
    return {
        "x": _iso(pd.Timestamp(year=year, month=7, day=1)),
        "offset": 0.0,
        "id": year_key(kind, year),
        "symbol": "circle",
        "size": round(10 + (LARGEST_YEAR_POINT - 10) * ((count - 1) / (most - 1)) ** 0.5, 1),
        "opacity": 0.8,
        "text": (
            f"{count} {_PLURALS[kind]} in {year}",
            "<br>".join(titles + more),
            "Select to list them",
        ),
    }


def _event_points(events: pd.DataFrame, kind: str) -> list[dict]:
    """The points of one kind, in date order: one per event while no year has more than
    ``POINTS_PER_YEAR`` of them; else one per year (``_year_point``; a year's only event
    keeps its own point), so the lane reads the same way from end to end."""
    years = events["date"].dt.year
    counts = years.map(years.value_counts())
    crowded = counts > (1 if (counts > POINTS_PER_YEAR).any() else POINTS_PER_YEAR)
    single = events[~crowded.to_numpy()]
    when = [
        moment.strftime("%b %Y" if precision == "month" else "%Y")
        for moment, precision in zip(single["date"], single["precision"], strict=True)
    ]
    points = [
        {
            "x": _iso(event.date),
            "offset": offset,
            "id": f"{kind}:{event.id}",
            "symbol": "diamond-open" if event.detail == "Pending" else "circle",
            "size": 10,
            "opacity": 1.0,
            "text": (_wrap(event.label), _wrap(event.detail), moment),
        }
        for event, offset, moment in zip(
            single.itertuples(), _dodge(list(single["date"])), when, strict=True
        )
    ]
    for year, group in events[crowded.to_numpy()].groupby(years[crowded]):
        points.append(_year_point(kind, int(year), group, counts.max()))
    return sorted(points, key=lambda point: point["x"])


def groups_years(fig: go.Figure) -> bool:
    """Whether any point of ``fig`` stands for a year's records (``_year_point``)."""
    return any(is_year_key(point) for trace in fig.data for point in (trace.ids or ()))


def _event_markers(events: pd.DataFrame, kind: str, row: int) -> go.Scatter:
    points = pd.DataFrame(_event_points(events, kind))
    return go.Scatter(
        x=list(points["x"]),
        y=list(row + points["offset"]),
        mode="markers",
        name=KIND_NAMES[kind],
        ids=list(points["id"]),
        marker={
            "symbol": list(points["symbol"]),
            "size": list(points["size"]),
            "opacity": list(points["opacity"]),
            "color": KIND_COLOURS[kind],
            "line": {"width": 1.5, "color": KIND_COLOURS[kind]},
        },
        customdata=list(points["text"]),
        hovertemplate=_hover("%{customdata[0]}", "%{customdata[1]}", "%{customdata[2]}"),
    )
