"""DataFrames on pages display as markdown tables (``%load_ext portfolio.pages.display``)."""

from __future__ import annotations

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from portfolio.pages.display import markdown_table
from portfolio.pages.fragments import esc

EVIL = "<script>alert(1)</script> | *x*"


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "portfolio.pages.display")
    yield shell
    InteractiveShell.clear_instance()


def test_a_dataframe_displays_as_markdown_never_html(shell):
    data, _ = shell.display_formatter.format(pd.DataFrame({"a": [1]}))
    assert "text/html" not in data
    assert data["text/markdown"] == "| a |\n|--:|\n| 1 |\n"


def test_cells_are_text_and_dates_plain():
    frame = pd.DataFrame(
        {"title": [EVIL, None], "when": pd.to_datetime(["2024-07-01", None]), "n": [1.5, 2.0]}
    )
    table = markdown_table(frame)
    assert table.splitlines()[:2] == [
        "| title | when | n |",
        f"|{'-' * len(esc(EVIL))}|{'-' * len('2024-07-01')}|--:|",
    ]
    assert "\\<script\\>alert(1)\\</script\\> \\| \\*x\\*" in table
    assert "| 2024-07-01 |" in table and "|  |  | 2.0 |" in table
    assert "<script>" not in table


def test_a_named_index_is_shown_a_row_number_is_not():
    counts = pd.DataFrame({"papers": [1, 3]}, index=pd.Index([2012, 2026], name="year"))
    assert markdown_table(counts).splitlines()[0] == "| year | papers |"
    shuffled = pd.DataFrame({"papers": [3, 1]}, index=[1, 0])
    assert markdown_table(shuffled).splitlines()[0] == "| papers |"


def test_rules_are_as_long_as_the_longest_text_up_to_40():
    table = markdown_table(pd.DataFrame({"t": ["x" * 100], "k": ["ab"]}))
    assert table.splitlines()[1] == f"|{'-' * 40}|---|"


def test_long_tables_are_cut_with_a_note():
    table = markdown_table(pd.DataFrame({"n": range(10)}), max_rows=3)
    assert table.count("\n| ") == 3 and "*… and 7 more rows*" in table
