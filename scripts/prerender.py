"""Quarto's pre-render step (``project.pre-render``): see ``portfolio.build.prerender``.

Quarto runs ``.py`` scripts with the Python it uses for the pages (``QUARTO_PYTHON``), so the
step runs in the project's environment whether or not it is activated.
"""

import sys

from portfolio.build.prerender import main

sys.exit(main())
