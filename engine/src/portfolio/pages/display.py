"""DataFrames as markdown tables in pages: ``%load_ext portfolio.pages.display``.

Quarto treats any ``text/html`` output as a JavaScript widget and adds require.js and
jQuery from a CDN to the page; a DataFrame shown as a cell's last value is such an output.
With this extension loaded, DataFrames display as a markdown pipe table instead: Quarto
renders it as the site's own table, JupyterLab as a table too. Every cell is text
(markdown syntax and HTML in the data show as written).
"""

from __future__ import annotations

import pandas as pd

from portfolio.pages.markdown import esc


def _cell(value: object) -> str:
    """One value as table text: empty for missing, dates without a midnight time."""
    if not pd.api.types.is_list_like(value) and pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.date().isoformat()
    return esc(value)


def _shows_index(frame: pd.DataFrame) -> bool:
    """A named or non-integer index is data (a pivot's years); a plain row number is not."""
    index = frame.index
    return any(index.names) or not pd.api.types.is_integer_dtype(index)


def markdown_table(frame: pd.DataFrame, max_rows: int | None = None) -> str:
    """``frame`` as a pipe table; numbers right-aligned; at most ``max_rows`` rows shown
    (default: pandas' ``display.max_rows``), with a note of how many more there are.

    Each column's rule has as many dashes as its longest text (3 to 40): pandoc sizes the
    columns of a wide table by them.
    """
    max_rows = max_rows or pd.get_option("display.max_rows")
    table = frame.reset_index() if _shows_index(frame) else frame
    header = [_cell(str(column)) or " " for column in table.columns]
    rows = [[_cell(value) for value in row] for row in table.head(max_rows).itertuples(index=False)]
    rules = []
    for index, dtype in enumerate(table.dtypes):
        width = min(40, max(3, *(len(row[index]) for row in [header, *rows])))
        rules.append(
            "-" * (width - 1) + ":" if pd.api.types.is_numeric_dtype(dtype) else "-" * width
        )
    lines = [_row(header), "|" + "|".join(rules) + "|", *(_row(row) for row in rows)]
    more = len(table) - max_rows
    note = f"\n\n*… and {more} more rows*" if more > 0 else ""
    return "\n".join(lines) + note + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _no_html(frame: pd.DataFrame) -> None:
    """No ``text/html`` for DataFrames (None leaves the format out of the display)."""
    return None


def load_ipython_extension(ipython) -> None:
    """Show DataFrames as markdown tables and never as HTML, in this kernel."""
    formatters = ipython.display_formatter.formatters
    formatters["text/markdown"].for_type(pd.DataFrame, markdown_table)
    formatters["text/html"].for_type(pd.DataFrame, _no_html)
