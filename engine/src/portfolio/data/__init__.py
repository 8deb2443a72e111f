"""The data model: ``data/*.yml`` read, validated and checked, derived facts, DataFrames.

from portfolio.data import load_portfolio, tables
"""

from portfolio.data.load import load_portfolio, read_portfolio
from portfolio.data.problems import DataError

__all__ = ["DataError", "load_portfolio", "read_portfolio"]
