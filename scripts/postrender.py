"""Quarto's post-render step (``project.post-render``), run with ``QUARTO_PYTHON``.

Trims ``_site/`` (``portfolio.build.postrender``), then keeps ``git status`` clean for the
notebooks Quarto executed in place (``portfolio.build.gitindex``).
"""

import sys

from portfolio.build import gitindex, postrender

status = postrender.main([])
gitindex.main()
sys.exit(status)
