"""Quarto's post-render step (``project.post-render``): see ``portfolio.gitindex``."""

import sys

from portfolio.gitindex import main

sys.exit(main())
