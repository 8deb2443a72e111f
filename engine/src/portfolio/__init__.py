"""Career data, charts and pages for a Quarto research portfolio.

One folder per layer, top to bottom (``[tool.importlinter]`` in pyproject.toml enforces
it: a layer imports only the layers below it):

- ``authoring``: the ``portfolio`` command, new posts and paper pages;
- ``build``: what runs around ``quarto render``: pre-render, post-render, exports, the CV;
- ``pages`` and ``charts`` (neither imports the other): the text pages print, the figures;
- ``project``: the Quarto project: its settings, page sources and where records are shown;
- ``data``: ``data/*.yml`` validated, loaded and tabled.

``verify`` (site checks, browsers, page runs, Lighthouse) stands beside the product, at the
top: nothing else imports it.
"""
