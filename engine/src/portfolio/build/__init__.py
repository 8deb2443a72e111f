"""Build steps around ``quarto render``: pre-render (generated metadata, assets, exports, the
CV), post-render (lighter pages) and the caches they keep in step."""
