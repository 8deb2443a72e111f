"""Charts: figures of the DataFrames, the site's plotly templates, and how a chart is shown.

from portfolio.charts import show
"""

from portfolio.charts.chart import Chart, show

__all__ = ["Chart", "show"]
