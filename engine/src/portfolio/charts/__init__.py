"""Charts: figures of the DataFrames, the site's plotly templates, and how a chart is shown.

    from portfolio.charts import KIND_COLOURS, KIND_LABELS, show

A notebook chart of roles, patents, papers or press gives each kind its colour
(``marker_color=KIND_COLOURS["paper"]``); other traces take the template's colorway.
"""

from portfolio.charts.chart import Chart, show
from portfolio.charts.theme import GROUP_PALETTE, KIND_COLOURS, KIND_LABELS

__all__ = ["GROUP_PALETTE", "KIND_COLOURS", "KIND_LABELS", "Chart", "show"]
