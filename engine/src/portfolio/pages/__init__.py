"""What pages print: markdown fragments, citations, JSON-LD, a notebook page's header.

%load_ext portfolio.pages.display
from portfolio.pages import page_header
"""

from portfolio.pages.header import page_header

__all__ = ["page_header"]
