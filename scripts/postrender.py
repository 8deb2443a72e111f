"""Quarto's post-render step (``project.post-render``): see ``portfolio.postrender``.

Quarto runs ``.py`` scripts with the Python it uses for the pages (``QUARTO_PYTHON``).
"""

import sys

from portfolio.postrender import main

sys.exit(main())
