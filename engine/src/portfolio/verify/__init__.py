"""Checks of the product, never imported by it: pages run without Quarto, the rendered site
in Chromium, page weights, Lighthouse, and fresh copies of the project to render."""
